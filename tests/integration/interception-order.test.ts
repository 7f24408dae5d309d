import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedOrder, NormalizedRefund } from '../../connectors/types.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { ingestRefunds } from '../../src/services/ingest-refunds.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

let hub: TestHub;
let seller: { id: string; auth: { authorization: string } };
let shop: ShopDoc;
const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  hub.app.inject({ method, url, headers: { ...seller.auth, ...headers }, ...(payload ? { payload } : {}) });
const reservedTotal = async () => (await hub.rt.ctx.models.StockLevel.find({ sellerId: seller.id }).lean()).reduce((a, l) => a + l.reserved, 0);

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('IO');
  await call('POST', '/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 1 });
  await call('POST', '/v1/couriers', { code: 'SF', name: 'SF', isDefault: true });
  await call('POST', '/v1/skus', { code: 'SKU-A', name: 'A' });
  await call('POST', '/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode: 'SKU-A', mode: 'set', quantity: 50, reason: 'open', idempotencyKey: 'open-A' });
  shop = await insertShop(hub.rt.ctx, seller.id, 'shop_io');
});
afterAll(async () => hub.close());

/** The platform's status change: the same order, later, cancelled or refunded. */
const statusChange = (po: NormalizedOrder, state: 'cancelled' | 'refunded', minutes: number): NormalizedOrder =>
  ({ ...po, state, platformStatus: state, platformUpdatedAt: new Date(po.platformUpdatedAt.getTime() + minutes * 60_000) });
const refundOf = (po: NormalizedOrder, id: string): NormalizedRefund => ({ platformRefundId: id, platformOrderId: po.platformOrderId, state: 'succeeded', platformUpdatedAt: new Date() });

async function pickedOrder(): Promise<{ po: NormalizedOrder; id: string }> {
  const po = normalizedOrder({ skus: [['SKU-A', 2]] });
  const [id] = await importOrders(hub.rt.ctx, shop, [po]);
  expect((await runPipeline(hub.rt.ctx, seller.id, [id!])).allocated).toEqual([id]);
  expect((await call('POST', `/v1/orders/${id}/pick`, { waybillNumber: `WB-${id}` })).json().hubStatus).toBe('picking');
  return { po, id: id! };
}

async function expectHeldIntercepted(id: string): Promise<void> {
  expect((await call('GET', `/v1/orders/${id}`)).json()).toMatchObject({ hubStatus: 'on_hold', holds: [{ code: 'INTERCEPTED' }] });
  expect((await hub.rt.ctx.models.Order.findById(id).lean())!.intercepted).toMatchObject({ full: true });
  expect((await call('GET', '/v1/exceptions?reason=INTERCEPTED')).json().items.map((x: { id: string }) => x.id)).toContain(id);
}

describe('an interception holds until /restock, whatever the platform sends next', () => {
  it.each([
    ['refund record, then status change', ['refund', 'status'] as const],
    ['status change, then refund record', ['status', 'refund'] as const],
    ['both, twice each, interleaved', ['refund', 'status', 'refund', 'status'] as const],
  ])('%s', async (_name, order) => {
    const ctx = hub.rt.ctx;
    const { po, id } = await pickedOrder();
    const before = await reservedTotal();
    let minutes = 0;
    for (const [i, kind] of order.entries()) {
      if (kind === 'refund') await ingestRefunds(ctx, shop, [refundOf(po, `R-${id}-${i}`)]);
      else await importOrders(ctx, shop, [statusChange(po, i % 2 === 0 ? 'refunded' : 'cancelled', ++minutes)]);
      await expectHeldIntercepted(id);
      expect(await reservedTotal()).toBe(before); // nothing released before CS confirms the parcel is back
    }
    // Replayed: the same refund record and the same status change again change nothing.
    await ingestRefunds(ctx, shop, [refundOf(po, `R-${id}-0`)]);
    await importOrders(ctx, shop, [statusChange(po, 'cancelled', minutes)]);
    await expectHeldIntercepted(id);

    const back = await call('POST', `/v1/orders/${id}/restock`, undefined, { 'x-actor': 'mei' });
    expect(back.statusCode).toBe(200);
    expect(back.json().hubStatus).toBe('cancelled');
    expect(await reservedTotal()).toBe(before - 2);
    expect((await call('GET', '/v1/exceptions?reason=INTERCEPTED')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect(await reconcileStock(ctx.models, seller.id)).toEqual([]);
  });
});
