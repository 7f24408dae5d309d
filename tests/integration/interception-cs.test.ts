import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedRefund } from '../../connectors/types.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { ingestRefunds } from '../../src/services/ingest-refunds.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

let hub: TestHub;
let seller: { id: string; auth: { authorization: string } };
let shop: ShopDoc;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
  hub.app.inject({ method, url, headers: { ...seller.auth, ...headers }, ...(payload ? { payload } : {}) });
const stockOf = async (sku: string, wh = 'MAIN') => (await call('GET', `/v1/stock?skuCode=${sku}`)).json().items.find((l: { warehouseCode?: string; warehouseId: string }) => l.warehouseCode === wh || true);
const refund = (platformOrderId: string, over: Partial<NormalizedRefund> = {}): NormalizedRefund => ({
  platformRefundId: `R-${platformOrderId}-${Math.random().toString(36).slice(2, 7)}`, platformOrderId, state: 'succeeded', platformUpdatedAt: new Date(), ...over,
});

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('CS');
  await call('POST', '/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 1 });
  await call('POST', '/v1/warehouses', { code: 'EAST', name: 'East', priority: 5 });
  await call('POST', '/v1/couriers', { code: 'SF', name: 'SF', isDefault: true });
  await call('POST', '/v1/couriers', { code: 'UPS', name: 'UPS' });
  for (const sku of ['SKU-A', 'SKU-B']) {
    await call('POST', '/v1/skus', { code: sku, name: sku });
    for (const wh of ['MAIN', 'EAST']) await call('POST', '/v1/stock/adjustments', { warehouseCode: wh, skuCode: sku, mode: 'set', quantity: 10, reason: 'open', idempotencyKey: `open-${wh}-${sku}` });
  }
  shop = await insertShop(hub.rt.ctx, seller.id, 'shop_cs');
});
afterAll(async () => hub.close());

const reservedTotal = async () => (await hub.rt.ctx.models.StockLevel.find({ sellerId: seller.id }).lean()).reduce((a, l) => a + l.reserved, 0);

describe('refund interception (退款拦截)', () => {
  it('after picking started: intercepts, refuses to ship, releases stock once the parcel is back on the shelf', async () => {
    const ctx = hub.rt.ctx;
    const po = normalizedOrder({ skus: [['SKU-A', 2]] });
    const [id] = await importOrders(ctx, shop, [po]);
    expect((await runPipeline(ctx, seller.id, [id!])).allocated).toEqual([id]);
    const picked = await call('POST', `/v1/orders/${id}/pick`, { waybillNumber: 'WB-0001' });
    expect(picked.json().hubStatus).toBe('picking');
    expect(await reservedTotal()).toBe(2);

    await ingestRefunds(ctx, shop, [refund(po.platformOrderId)]);
    const o = (await call('GET', `/v1/orders/${id}`)).json();
    expect(o).toMatchObject({ hubStatus: 'on_hold', holds: [{ code: 'INTERCEPTED' }] });
    const ship = await call('POST', `/v1/orders/${id}/ship`, { trackingNumber: 'SF000111', courierCode: 'SF' });
    expect(ship.statusCode).toBe(409);
    expect(ship.json().error.code).toBe('ORDER_INTERCEPTED');
    expect((await call('POST', `/v1/orders/${id}/release`)).json().error.code).toBe('ORDER_INTERCEPTED');
    expect((await call('GET', '/v1/exceptions?reason=INTERCEPTED')).json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(await reservedTotal()).toBe(2); // the parcel is still somewhere in the warehouse

    const back = await call('POST', `/v1/orders/${id}/restock`, undefined, { 'x-actor': 'mei' });
    expect(back.json().hubStatus).toBe('cancelled');
    expect(await reservedTotal()).toBe(0);
    const timeline = (await call('GET', `/v1/orders/${id}`)).json().timeline as { type: string; by: string }[];
    expect(timeline.map((t) => t.type)).toEqual(['imported', 'audited', 'allocated', 'picking', 'refund.received', 'intercepted', 'cancelled']);
    expect(timeline.at(-1)!.by).toBe('cs:mei');
  });

  it('before picking: a whole refund cancels, a part refund re-allocates only what is left', async () => {
    const ctx = hub.rt.ctx;
    const whole = normalizedOrder({ skus: [['SKU-A', 1]] });
    const part = normalizedOrder({ skus: [['SKU-A', 1], ['SKU-B', 3]] });
    const [w, p] = await importOrders(ctx, shop, [whole, part]);
    await runPipeline(ctx, seller.id, [w!, p!]);
    expect(await reservedTotal()).toBe(5);
    await ingestRefunds(ctx, shop, [refund(whole.platformOrderId), refund(part.platformOrderId, { lines: [{ lineId: part.lines[1]!.lineId, quantity: 2 }] })]);
    expect((await call('GET', `/v1/orders/${w}`)).json().hubStatus).toBe('cancelled');
    expect((await call('GET', `/v1/orders/${p}`)).json().hubStatus).toBe('pending');
    await runPipeline(ctx, seller.id, [p!]);
    const after = (await call('GET', `/v1/orders/${p}`)).json();
    expect(after.hubStatus).toBe('allocated');
    expect(after.reservations.map((r: { skuCode: string; quantity: number }) => `${r.skuCode}×${r.quantity}`).sort()).toEqual(['SKU-A×1', 'SKU-B×1']);
    expect(await reservedTotal()).toBe(2);
    await call('POST', `/v1/orders/${p}/cancel`, { reason: 'cleanup' });
  });

  it('after shipment: opens an after-sales return ticket', async () => {
    const ctx = hub.rt.ctx;
    const po = normalizedOrder({ skus: [['SKU-B', 1]] });
    const [id] = await importOrders(ctx, shop, [po]);
    await runPipeline(ctx, seller.id, [id!]);
    expect((await call('POST', `/v1/orders/${id}/ship`, { trackingNumber: 'SF000222', courierCode: 'SF' })).statusCode).toBe(201);
    // The buyer asks for a return: a ticket opens; when the platform refunds, the same ticket follows.
    await ingestRefunds(ctx, shop, [refund(po.platformOrderId, { platformRefundId: 'R-after-ship', state: 'requested' })]);
    expect(await ctx.models.InventoryTicket.find({ sellerId: seller.id, orderId: id }).lean()).toMatchObject([{ refundStatus: 'requested' }]);
    await ingestRefunds(ctx, shop, [refund(po.platformOrderId, { platformRefundId: 'R-after-ship' })]);
    expect((await call('GET', `/v1/orders/${id}`)).json().hubStatus).toBe('shipped');
    expect(await ctx.models.InventoryTicket.find({ sellerId: seller.id, orderId: id }).lean()).toMatchObject([{ refundStatus: 'succeeded' }]);
    expect(await reconcileStock(ctx.models, seller.id)).toEqual([]);
  });
});

describe('exception queue actions', () => {
  it('fixes an address, maps a line, pins a warehouse and courier, then releases: every change is on the timeline', async () => {
    const ctx = hub.rt.ctx;
    const po = normalizedOrder({ skus: [['MYSTERY', 1]], address: { name: 'Bo', line1: '', city: 'Hangzhou', country: 'CN' } });
    const [id] = await importOrders(ctx, shop, [po]);
    await runPipeline(ctx, seller.id, [id!]);
    const held = (await call('GET', `/v1/orders/${id}`)).json();
    expect(held.holds.map((h: { code: string }) => h.code).sort()).toEqual(['ADDRESS_INCOMPLETE', 'UNKNOWN_SKU']);
    expect(held.lastRun.entries.some((e: { outcome: string; code?: string }) => e.outcome === 'hold' && e.code === 'UNKNOWN_SKU')).toBe(true);

    const h = { 'x-actor': 'li.na' };
    expect((await call('PATCH', `/v1/orders/${id}/address`, { line1: '' }, h)).statusCode).toBe(400);
    expect((await call('PATCH', `/v1/orders/${id}/address`, { line1: '18 West Lake Rd' }, h)).json().address.line1).toBe('18 West Lake Rd');
    expect((await call('PUT', `/v1/orders/${id}/lines/${po.lines[0]!.lineId}/sku`, { skuCode: 'NOPE' }, h)).json().error.code).toBe('UNKNOWN_SKU');
    await call('PUT', `/v1/orders/${id}/lines/${po.lines[0]!.lineId}/sku`, { skuCode: 'SKU-B', remember: true }, h);
    expect((await call('PUT', `/v1/orders/${id}/assignment`, { warehouseCode: 'EAST', courierCode: 'UPS' }, h)).statusCode).toBe(200);
    await call('POST', `/v1/orders/${id}/notes`, { text: 'buyer called, address confirmed' }, h);
    expect((await call('POST', `/v1/orders/${id}/release`, undefined, h)).json().hubStatus).toBe('pending');
    await runPipeline(ctx, seller.id, [id!]);
    const done = (await call('GET', `/v1/orders/${id}`)).json();
    expect(done).toMatchObject({ hubStatus: 'allocated', courierCode: 'UPS' });
    expect(done.warehouseId).toBe((await ctx.models.Warehouse.findOne({ sellerId: seller.id, code: 'EAST' }).lean())!._id);
    const edits = done.timeline.filter((t: { by: string }) => t.by === 'cs:li.na').map((t: { type: string }) => t.type);
    expect(edits).toEqual(['address.edited', 'line.mapped', 'assigned', 'note', 'released']);
    // The listing now maps by itself for the next order from this shop.
    const [next] = await importOrders(ctx, shop, [normalizedOrder({ skus: [['MYSTERY', 1]] })]);
    expect((await ctx.models.Order.findById(next).lean())!.lines[0]!.skuCode).toBe('SKU-B');
    expect((await call('PATCH', `/v1/orders/${id}/address`, { city: 'Ningbo' })).json().error.code).toBe('CONFLICT');
  });

  it('bulk actions report each order on its own', async () => {
    const ctx = hub.rt.ctx;
    const ids = await importOrders(ctx, shop, [normalizedOrder({ skus: [['NOPE-1', 1]] }), normalizedOrder({ skus: [['NOPE-2', 1]] })]);
    await runPipeline(ctx, seller.id, ids);
    const res = await call('POST', '/v1/exceptions/bulk', { action: 'cancel', orderIds: [...ids, 'ord_unknown'], reason: 'fraud suspected' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: 2, failed: 1 });
    expect(res.json().results.at(-1)).toMatchObject({ orderId: 'ord_unknown', ok: false, error: { code: 'NOT_FOUND' } });
    expect((await call('POST', '/v1/exceptions/bulk', { action: 'explode', orderIds: ids })).statusCode).toBe(400);
    expect(await reconcileStock(ctx.models, seller.id)).toEqual([]);
  });
});
