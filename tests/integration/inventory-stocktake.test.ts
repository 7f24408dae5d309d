import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { startInventoryHub, type InvHarness } from './inventory-fixtures.js';

let h: InvHarness;
beforeAll(async () => {
  h = await startInventoryHub();
});
afterEach(async () => h.assertLedger());
afterAll(async () => h.hub.close());

describe('stocktake (盘点)', () => {
  it('posts counted − snapshot while keeping the movements made during the count', async () => {
    await h.adjust('MAIN', 'SKU-A', 20, 'st-a');
    await h.adjust('MAIN', 'SKU-B', 5, 'st-b');
    const opened = await h.call('POST', '/v1/inventory/stocktakes', { warehouseCode: 'MAIN' });
    expect(opened.statusCode, opened.body).toBe(201);
    const st = opened.json();
    expect(st.createdBy).toBe('clerk-1');
    expect(st.lines.map((l: { skuCode: string; snapshotOnHand: number }) => [l.skuCode, l.snapshotOnHand])).toEqual([['SKU-A', 20], ['SKU-B', 5]]);
    expect((await h.call('POST', '/v1/inventory/stocktakes', { warehouseCode: 'MAIN', skuCodes: ['SKU-A'] })).json().error.code).toBe('INVENTORY_INVALID_STATE');

    // During the count: an order ships 3 units of SKU-A and 4 units arrive.
    const ctx = h.hub.rt.ctx;
    const shop = await insertShop(ctx, h.seller.id, 'shop_st');
    const [orderId] = await importOrders(ctx, shop, [normalizedOrder({ skus: [['SKU-A', 3]] })]);
    expect((await runPipeline(ctx, h.seller.id, [orderId!])).allocated).toEqual([orderId]);
    expect((await h.call('POST', `/v1/orders/${orderId}/ship`, { trackingNumber: '1Z0001', courierCode: 'UPS' })).statusCode).toBe(201);
    await h.adjust('MAIN', 'SKU-A', 4, 'st-a-arrival');

    const scans = { counter: 'ann', entries: [{ entryId: 'ann-1', skuCode: 'SKU-A', mode: 'add', quantity: 10 }] };
    expect((await h.call('POST', `/v1/inventory/stocktakes/${st.id}/counts`, scans)).json()).toEqual({ recorded: 1, replayed: 0 });
    expect((await h.call('POST', `/v1/inventory/stocktakes/${st.id}/counts`, scans)).json()).toEqual({ recorded: 0, replayed: 1 });
    await h.call('POST', `/v1/inventory/stocktakes/${st.id}/counts`, {
      counter: 'bob', entries: [
        { entryId: 'bob-1', skuCode: 'SKU-A', mode: 'add', quantity: 8 },
        { entryId: 'bob-2', skuCode: 'SKU-B', mode: 'set', quantity: 5 },
        { entryId: 'bob-3', skuCode: 'SKU-B', mode: 'set', quantity: 6 },
      ],
    });
    const outside = await h.call('POST', `/v1/inventory/stocktakes/${st.id}/counts`, { counter: 'ann', entries: [{ entryId: 'x', skuCode: 'NOPE', quantity: 1 }] });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('INVENTORY_NOT_IN_DOCUMENT');
    expect((await h.call('POST', `/v1/inventory/stocktakes/${st.id}/counts`, { counter: 'ann', entries: [{ entryId: 'y', skuCode: 'SKU-A', quantity: -2 }] })).statusCode).toBe(400);

    const view = (await h.call('GET', `/v1/inventory/stocktakes/${st.id}`)).json();
    expect(view.counts).toBe(4);
    expect(view.lines[0]).toMatchObject({ skuCode: 'SKU-A', snapshotOnHand: 20, counted: 18, variance: -2, onHandNow: 21, movedSinceSnapshot: 1, counters: ['ann', 'bob'] });
    expect(view.lines[1]).toMatchObject({ skuCode: 'SKU-B', counted: 6, variance: 1 });

    const approved = await h.call('POST', `/v1/inventory/stocktakes/${st.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: 'clerk-1' });
    // counted 18 + movements since the snapshot (−3 shipped, +4 arrived) = 19, not 18 and not 21 − 2 twice.
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 19, reserved: 0 });
    expect(await h.level('MAIN', 'SKU-B')).toMatchObject({ onHand: 6 });

    expect((await h.call('POST', `/v1/inventory/stocktakes/${st.id}/approve`, {})).json().adjustments).toHaveLength(2);
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 19 });
    expect((await h.call('POST', `/v1/inventory/stocktakes/${st.id}/counts`, scans)).json().error.code).toBe('INVENTORY_INVALID_STATE');

    const ledger = (await h.call('GET', '/v1/inventory/ledger?warehouseCode=MAIN&skuCode=SKU-A')).json();
    expect(ledger.items.map((e: { type: string }) => e.type)).toEqual(['adjust', 'reserve', 'deduct', 'adjust', 'stocktake']);
    expect(ledger.items.map((e: { onHandAfter: number }) => e.onHandAfter)).toEqual([20, 20, 17, 21, 19]);
    expect(ledger.items[4].document).toEqual({ kind: 'stocktake', id: st.id, path: `/v1/inventory/stocktakes/${st.id}` });
    expect(ledger.items[2].document.path).toBe(`/v1/orders/${orderId}`);
    expect(ledger.balance).toMatchObject({ onHand: 19, available: 19 });
  });

  it("scopes to the seller and refuses bad input without changing anything", async () => {
    const other = await h.hub.newSeller('Other');
    const list = (await h.call('GET', '/v1/inventory/stocktakes')).json().items;
    expect(list.length).toBeGreaterThan(0);
    const res = await h.call('GET', `/v1/inventory/stocktakes/${list[0].id}`, undefined, other.auth);
    expect(res.statusCode).toBe(404);
    expect((await h.call('POST', '/v1/inventory/stocktakes', { warehouseCode: 'NOPE' })).json().error.code).toBe('UNKNOWN_WAREHOUSE');
    expect((await h.call('POST', '/v1/inventory/stocktakes', { warehouseCode: 'EAST', skuCodes: ['SKU-A', 'GHOST'] })).json().error.code).toBe('UNKNOWN_SKU');
    expect((await h.call('GET', '/v1/inventory/stocktakes')).json().items).toHaveLength(list.length);
  });

  it('a count that would leave less on hand than is reserved meanwhile is refused as a whole', async () => {
    const ctx = h.hub.rt.ctx;
    const st = (await h.call('POST', '/v1/inventory/stocktakes', { warehouseCode: 'MAIN', skuCodes: ['SKU-A'] })).json();
    expect(st.lines[0]).toMatchObject({ snapshotOnHand: 19 });
    await h.call('POST', `/v1/inventory/stocktakes/${st.id}/counts`, { counter: 'ann', entries: [{ entryId: 'e1', skuCode: 'SKU-A', mode: 'set', quantity: 5 }] });
    const shop = await insertShop(ctx, h.seller.id, 'shop_st2');
    const [orderId] = await importOrders(ctx, shop, [normalizedOrder({ skus: [['SKU-A', 10]] })]);
    expect((await runPipeline(ctx, h.seller.id, [orderId!])).allocated).toEqual([orderId]);

    const refused = await h.call('POST', `/v1/inventory/stocktakes/${st.id}/approve`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 19, reserved: 10 });
    expect((await h.call('GET', `/v1/inventory/stocktakes/${st.id}`)).json().status).toBe('open');

    expect((await h.call('POST', `/v1/orders/${orderId}/cancel`, { reason: 'test' })).json().hubStatus).toBe('cancelled');
    expect((await h.call('POST', `/v1/inventory/stocktakes/${st.id}/approve`)).json()).toMatchObject({ status: 'approved', adjustments: [{ skuCode: 'SKU-A', delta: -14 }] });
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 5, reserved: 0 });

    const st2 = (await h.call('POST', '/v1/inventory/stocktakes', { warehouseCode: 'EAST', skuCodes: ['SKU-B'] })).json();
    expect((await h.call('POST', `/v1/inventory/stocktakes/${st2.id}/cancel`)).json().status).toBe('cancelled');
    expect((await h.call('POST', `/v1/inventory/stocktakes/${st2.id}/approve`)).json().error.code).toBe('INVENTORY_INVALID_STATE');
  });
});
