import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInventoryHub, type InvHarness } from './inventory-fixtures.js';

let h: InvHarness;
beforeAll(async () => {
  h = await startInventoryHub();
});
afterEach(async () => h.assertLedger());
afterAll(async () => h.hub.close());

describe('lots with expiry and FEFO', () => {
  it('receives lots through the ledger, suggests and records picks first-expiry-first', async () => {
    const receive = (lotNumber: string, expiresAt: string | null, quantity: number) =>
      h.call('POST', '/v1/inventory/lots/receipts', { warehouseCode: 'MAIN', skuCode: 'SKU-A', lotNumber, expiresAt, quantity, idempotencyKey: `lot-${lotNumber}` });
    expect((await receive('L-LATE', '2099-06-01T00:00:00Z', 5)).statusCode).toBe(201);
    expect((await receive('L-SOON', '2099-01-01T00:00:00Z', 3)).statusCode).toBe(201);
    expect((await receive('L-OLD', '2000-01-01T00:00:00Z', 2)).statusCode).toBe(201);
    expect((await receive('L-SOON', '2099-01-01T00:00:00Z', 3)).statusCode).toBe(200);
    await h.adjust('MAIN', 'SKU-A', 4, 'lot-free');
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 14 });

    const view = (await h.call('GET', '/v1/inventory/lots?warehouseCode=MAIN&skuCode=SKU-A')).json();
    expect(view).toMatchObject({ onHand: 14, inLots: 10, unlotted: 4 });
    const fefo = (await h.call('GET', '/v1/inventory/lots/fefo?warehouseCode=MAIN&skuCode=SKU-A&quantity=4')).json();
    expect(fefo.picks.map((p: { lotNumber: string; quantity: number }) => [p.lotNumber, p.quantity])).toEqual([['L-SOON', 3], ['L-LATE', 1]]);

    const pick = { warehouseCode: 'MAIN', skuCode: 'SKU-A', quantity: 4, orderId: 'ord_x', idempotencyKey: 'pick-1' };
    expect((await h.call('POST', '/v1/inventory/lots/picks', pick)).statusCode).toBe(201);
    expect((await h.call('POST', '/v1/inventory/lots/picks', pick)).statusCode).toBe(200);
    const after = (await h.call('GET', '/v1/inventory/lots?warehouseCode=MAIN&skuCode=SKU-A')).json();
    expect(after.lots.map((l: { lotNumber: string; quantity: number }) => [l.lotNumber, l.quantity]).sort()).toEqual([['L-LATE', 4], ['L-OLD', 2]]);
    const short = await h.call('POST', '/v1/inventory/lots/picks', { ...pick, quantity: 5, idempotencyKey: 'pick-2' });
    expect(short.statusCode).toBe(409);
    expect(short.json().error.code).toBe('INVENTORY_LOT_SHORT');
    expect((await h.call('POST', '/v1/inventory/lots/receipts', { warehouseCode: 'MAIN', skuCode: 'SKU-A', lotNumber: 'X', quantity: 0, idempotencyKey: 'k0' })).statusCode).toBe(400);
    expect((await h.call('POST', '/v1/inventory/lots/receipts', { warehouseCode: 'MAIN', skuCode: 'NOPE', lotNumber: 'X', quantity: 1, idempotencyKey: 'k1' })).json().error.code).toBe('UNKNOWN_SKU');
  });
});

describe('shipping lot-tracked stock', () => {
  it('an order that ships takes its units from the lots first-expiry-first, once', async () => {
    const { importOrders, insertShop, normalizedOrder } = await import('../helpers/orders.js');
    const { runPipeline } = await import('../../src/services/pipeline.service.js');
    const { shipOrder } = await import('../../src/services/order-actions.service.js');
    const { consumeLotsForShipment } = await import('../../src/services/inventory/lots-ship.js');
    const ctx = h.hub.rt.ctx;
    const receive = (lotNumber: string, expiresAt: string, quantity: number) =>
      h.call('POST', '/v1/inventory/lots/receipts', { warehouseCode: 'MAIN', skuCode: 'SKU-B', lotNumber, expiresAt, quantity, idempotencyKey: `ship-lot-${lotNumber}` });
    await receive('B-LATE', '2099-09-01T00:00:00Z', 5);
    await receive('B-SOON', '2099-02-01T00:00:00Z', 3);
    await h.call('POST', '/v1/couriers', { code: 'SF', name: 'SF', isDefault: true });
    const shop = await insertShop(ctx, h.seller.id, 'shop_lots');
    const [id] = await importOrders(ctx, shop, [normalizedOrder({ skus: [['SKU-B', 4]] })]);
    expect((await runPipeline(ctx, h.seller.id, [id!])).allocated).toEqual([id]);
    await shipOrder(ctx, h.seller.id, id!, { trackingNumber: 'SF-LOT-1', courierCode: 'SF' }, 'test');
    const lots = async () => (await h.call('GET', '/v1/inventory/lots?warehouseCode=MAIN&skuCode=SKU-B')).json().lots.map((l: { lotNumber: string; quantity: number }) => [l.lotNumber, l.quantity]).sort();
    expect(await lots()).toEqual([['B-LATE', 4]]);
    // Finishing the shipment again (a sweeper retry) takes nothing more.
    const o = (await ctx.models.Order.findById(id).lean())!;
    await consumeLotsForShipment(ctx, h.seller.id, id!, o.reservations);
    expect(await lots()).toEqual([['B-LATE', 4]]);
  });
});
