import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

let hub: TestHub;
let seller: Awaited<ReturnType<TestHub['newSeller']>>;
let shop: ShopDoc;
let ids: string[];

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('Search');
  shop = await insertShop(hub.rt.ctx, seller.id, 'shop_search');
  ids = await importOrders(hub.rt.ctx, shop, [
    normalizedOrder({ platformOrderId: 'SO-1001', buyer: { name: 'Ann', phone: '13800000001' } }),
    normalizedOrder({ platformOrderId: 'SO-1002', address: { name: 'Bo', phone: '13900000002', line1: '2 Main St', city: 'Springfield', country: 'US' } }),
    normalizedOrder({ platformOrderId: 'SO-1003' }),
  ]);
  await hub.rt.ctx.models.Order.updateOne({ _id: ids[2] }, { $set: { waybillNumber: 'WB-777', shipments: [{ trackingNumber: 'SF123456789' }] } });
}, 60_000);
afterAll(async () => hub.close());

const search = async (q: string, auth = seller.auth) => {
  const res = await hub.app.inject({ method: 'GET', url: `/v1/orders?q=${encodeURIComponent(q)}`, headers: auth });
  return { status: res.statusCode, body: res.json<{ items: { id: string }[]; error?: { code: string } }>() };
};

describe('GET /v1/orders?q= (search)', () => {
  it('finds an order by platform order number, buyer or recipient phone, tracking or waybill number', async () => {
    expect((await search('SO-1001')).body.items.map((o) => o.id)).toEqual([ids[0]]);
    expect((await search('13800000001')).body.items.map((o) => o.id)).toEqual([ids[0]]);
    expect((await search('13900000002')).body.items.map((o) => o.id)).toEqual([ids[1]]);
    expect((await search('SF123456789')).body.items.map((o) => o.id)).toEqual([ids[2]]);
    expect((await search('WB-777')).body.items.map((o) => o.id)).toEqual([ids[2]]);
    expect((await search('nothing-like-it')).body.items).toEqual([]);
  });

  it("never shows another seller's orders; a too short query is a 400 with a stable code", async () => {
    const other = await hub.newSeller('Other');
    expect((await search('SO-1001', other.auth)).body.items).toEqual([]);
    const bad = await search('ab');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION_FAILED');
  });
});
