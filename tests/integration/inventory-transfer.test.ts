import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInventoryHub, type InvHarness } from './inventory-fixtures.js';

let h: InvHarness;
beforeAll(async () => {
  h = await startInventoryHub();
  await h.adjust('MAIN', 'SKU-A', 30, 'tr-a');
  await h.adjust('MAIN', 'SKU-B', 10, 'tr-b');
});
afterEach(async () => h.assertLedger());
afterAll(async () => h.hub.close());

describe('transfers (调拨)', () => {
  it('ships out, shows in transit, receives in parts and records the discrepancy', async () => {
    const created = await h.call('POST', '/v1/inventory/transfers', {
      fromWarehouseCode: 'MAIN', toWarehouseCode: 'EAST', idempotencyKey: 'tr-1',
      lines: [{ skuCode: 'SKU-A', quantity: 12 }, { skuCode: 'SKU-B', quantity: 4 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const t = created.json();
    expect(t).toMatchObject({ status: 'draft', createdBy: 'clerk-1' });
    expect((await h.call('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'EAST', idempotencyKey: 'tr-1', lines: [{ skuCode: 'SKU-A', quantity: 12 }, { skuCode: 'SKU-B', quantity: 4 }] })).json().id).toBe(t.id);

    const shipped = await h.call('POST', `/v1/inventory/transfers/${t.id}/ship`);
    expect(shipped.json().status).toBe('shipped');
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 18 });
    expect((await h.call('POST', `/v1/inventory/transfers/${t.id}/ship`)).json().status).toBe('shipped');
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 18 });
    const transit = (await h.call('GET', '/v1/inventory/in-transit?skuCode=SKU-A')).json();
    expect(transit.total).toBe(12);

    const r1 = await h.call('POST', `/v1/inventory/transfers/${t.id}/receive`, { receiptId: 'rc-1', lines: [{ skuCode: 'SKU-A', quantity: 7 }, { skuCode: 'SKU-B', quantity: 4 }] });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json().status).toBe('partially_received');
    expect((await h.call('POST', `/v1/inventory/transfers/${t.id}/receive`, { receiptId: 'rc-1', lines: [{ skuCode: 'SKU-A', quantity: 7 }, { skuCode: 'SKU-B', quantity: 4 }] })).statusCode).toBe(200);
    expect(await h.level('EAST', 'SKU-A')).toMatchObject({ onHand: 7 });
    expect((await h.call('GET', '/v1/inventory/in-transit?skuCode=SKU-A')).json().total).toBe(5);
    const eastLedger = (await h.call('GET', '/v1/inventory/ledger?warehouseCode=EAST&skuCode=SKU-A')).json();
    expect(eastLedger.balance).toMatchObject({ onHand: 7, inTransitIn: 5 });
    expect(eastLedger.items[0]).toMatchObject({ type: 'transfer_in', onHandAfter: 7, document: { kind: 'transfer', id: t.id } });

    const over = await h.call('POST', `/v1/inventory/transfers/${t.id}/receive`, { receiptId: 'rc-2', lines: [{ skuCode: 'SKU-A', quantity: 6 }] });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('INVENTORY_OVER_QUANTITY');
    const unknown = await h.call('POST', `/v1/inventory/transfers/${t.id}/receive`, { receiptId: 'rc-2', lines: [{ skuCode: 'SKU-Z', quantity: 1 }] });
    expect(unknown.json().error.code).toBe('INVENTORY_NOT_IN_DOCUMENT');
    expect(await h.level('EAST', 'SKU-A')).toMatchObject({ onHand: 7 });

    // The last delivery brings 3 of the 5 still in transit: 2 are a discrepancy.
    const last = await h.call('POST', `/v1/inventory/transfers/${t.id}/receive`, { receiptId: 'rc-2', lines: [{ skuCode: 'SKU-A', quantity: 3 }], final: true, reason: 'carton damaged in transit' });
    expect(last.json()).toMatchObject({ status: 'closed', discrepancies: [{ skuCode: 'SKU-A', quantity: 2, reason: 'carton damaged in transit', by: 'clerk-1' }] });
    expect(last.json().lines[0]).toMatchObject({ skuCode: 'SKU-A', shipped: 12, received: 10, discrepancy: 2, inTransit: 0 });
    expect(await h.level('EAST', 'SKU-A')).toMatchObject({ onHand: 10 });
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 18 });
    expect((await h.call('GET', '/v1/inventory/in-transit')).json().total).toBe(0);
    const events = await h.hub.rt.ctx.models.Event.find({ type: 'transfer.discrepancy', 'subject.id': t.id }).lean();
    expect(events).toHaveLength(1);
    expect((await h.call('POST', `/v1/inventory/transfers/${t.id}/receive`, { receiptId: 'rc-3', lines: [{ skuCode: 'SKU-A', quantity: 1 }] })).json().error.code).toBe('INVENTORY_INVALID_STATE');
  });

  it('refuses to ship more than is available, leaving the draft and stock as they were', async () => {
    const t = (await h.call('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'EAST', lines: [{ skuCode: 'SKU-A', quantity: 5 }, { skuCode: 'SKU-B', quantity: 99 }] })).json();
    const res = await h.call('POST', `/v1/inventory/transfers/${t.id}/ship`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect((await h.call('GET', `/v1/inventory/transfers/${t.id}`)).json().status).toBe('draft');
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 18 });
    expect((await h.call('POST', `/v1/inventory/transfers/${t.id}/cancel`)).json().status).toBe('cancelled');
  });

  it('bad input: same warehouse, negative quantity, unknown SKU, other seller', async () => {
    expect((await h.call('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 1 }] })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await h.call('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'EAST', lines: [{ skuCode: 'SKU-A', quantity: -1 }] })).statusCode).toBe(400);
    expect((await h.call('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'EAST', lines: [{ skuCode: 'NOPE', quantity: 1 }] })).json().error.code).toBe('UNKNOWN_SKU');
    const mine = (await h.call('GET', '/v1/inventory/transfers')).json().items;
    expect(mine).toHaveLength(2);
    const other = await h.hub.newSeller('Other');
    expect((await h.call('POST', `/v1/inventory/transfers/${mine[0].id}/ship`, undefined, other.auth)).statusCode).toBe(404);
  });
});
