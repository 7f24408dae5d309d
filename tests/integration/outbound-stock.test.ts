import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorCapabilities, StockPushItem } from '../../connectors/types.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { pushStock } from '../../src/services/outbound.service.js';
import { markStockDirty } from '../../src/services/stock-push-trigger.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { insertShop } from '../helpers/orders.js';

class DelistingPlatform extends FakePlatform {
  override capabilities: ConnectorCapabilities = { ...new FakePlatform().capabilities, stockBatchMax: 3, delistAtZero: true };
}

let hub: TestHub;
let auth: { authorization: string };
let sellerId: string;
let shopA: ShopDoc;
let shopB: ShopDoc;
const platforms = new Map<string, FakePlatform>();
const skus = ['S1', 'S2', 'S3', 'S4', 'S5', 'PART-A', 'PART-B', 'COMBO'];

async function adjust(warehouseCode: string, skuCode: string, quantity: number, key: string) {
  const res = await hub.app.inject({ method: 'POST', url: '/v1/stock/adjustments', headers: auth, payload: { warehouseCode, skuCode, mode: 'delta', quantity, reason: 'test', idempotencyKey: key } });
  expect(res.statusCode, res.body).toBeLessThan(300);
}
const pushedTo = (shop: ShopDoc) => platforms.get(shop._id)!.stockPushes;
const last = (shop: ShopDoc, sku: string): StockPushItem | undefined => pushedTo(shop).flat().filter((i) => i.skuCode === sku).at(-1);

beforeAll(async () => {
  hub = await startTestHub();
  platforms.set('shop_sa', new FakePlatform());
  platforms.set('shop_sb', new DelistingPlatform());
  Object.assign(hub.rt.ctx, { connectorFor: (s: ShopDoc) => platforms.get(s._id)! });
  const s = await hub.newSeller();
  sellerId = s.id;
  auth = s.auth;
  const ctx = hub.rt.ctx;
  for (const [code, p] of [['W1', 1], ['W2', 2]] as const) await hub.app.inject({ method: 'POST', url: '/v1/warehouses', headers: auth, payload: { code, name: code, priority: p } });
  for (const code of skus) await hub.app.inject({ method: 'POST', url: '/v1/skus', headers: auth, payload: { code, name: code } });
  shopA = await insertShop(ctx, sellerId, 'shop_sa');
  shopB = await insertShop(ctx, sellerId, 'shop_sb');
  for (const shop of [shopA, shopB]) {
    await ctx.models.Listing.insertMany(skus.map((sku) => ({ _id: `${shop._id}:${sku}`, sellerId, shopId: shop._id, skuCode: sku, platformSku: `P-${sku}` })));
  }
  await adjust('W1', 'S1', 10, 'w1s1');
  await adjust('W2', 'S1', 10, 'w2s1');
  await adjust('W1', 'PART-A', 7, 'pa');
  await adjust('W1', 'PART-B', 2, 'pb');
  await pushStock(ctx, sellerId); // whatever the adjustments marked dirty: a clean start
  for (const p of platforms.values()) p.stockPushes.length = 0;
});
afterAll(async () => hub.close());

describe('stock push per shop', () => {
  it('a burst of changes is coalesced into one bulk call per chunk of the platform\'s batch size', async () => {
    const ctx = hub.rt.ctx;
    for (const [i, sku] of ['S2', 'S3', 'S4', 'S5'].entries()) await adjust('W1', sku, i + 1, `burst-${sku}`);
    await markStockDirty(ctx, sellerId, ['S2', 'S3', 'S2', 'S4', 'S5']);
    const r = await pushStock(ctx, sellerId);
    expect(r).toEqual({ pushed: 8, shops: 2 });
    expect(pushedTo(shopA).map((c) => c.length)).toEqual([2, 2]); // FakePlatform takes 2 per call
    expect(pushedTo(shopB).map((c) => c.length)).toEqual([3, 1]);
    expect(pushedTo(shopA).flat().map((i) => [i.skuCode, i.quantity]).sort()).toEqual([['S2', 1], ['S3', 2], ['S4', 3], ['S5', 4]]);
    expect(await pushStock(ctx, sellerId)).toEqual({ pushed: 0, shops: 0 });
  });

  it('follows each shop\'s policy: feeding warehouses, percentage, buffer, min and max', async () => {
    const put = await hub.app.inject({ method: 'PUT', url: `/v1/shops/${shopA._id}/stock-policy`, headers: auth, payload: { warehouseCodes: ['W2'], percent: 50, buffer: 2, max: 3 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ warehouseCodes: ['W2'], percent: 50, buffer: 2, max: 3, min: null, delistAtZero: false });
    await hub.app.inject({ method: 'PUT', url: `/v1/shops/${shopB._id}/stock-policy`, headers: auth, payload: { percent: 50, min: 15 } });
    await pushStock(hub.rt.ctx, sellerId);
    expect(last(shopA, 'S1')?.quantity).toBe(3); // W2 only: (10 − 2) × 50 % = 4, capped at 3
    expect(last(shopB, 'S1')?.quantity).toBe(15); // both: 20 × 50 % = 10, lifted to the minimum 15
    const get = await hub.app.inject({ method: 'GET', url: `/v1/shops/${shopA._id}/stock-policy`, headers: auth });
    expect(get.json()).toMatchObject({ warehouseCodes: ['W2'], max: 3 });
  });

  it('refuses a bad policy with a clear error', async () => {
    const cases = [
      { payload: { min: 5, max: 2 }, status: 400, text: 'min' },
      { payload: { warehouseCodes: ['NOPE'] }, status: 422, text: 'NOPE' },
      { payload: { percent: 150 }, status: 400, text: 'percent' },
      { payload: { delistAtZero: true }, status: 400, text: 'delist' },
    ];
    for (const c of cases) {
      const res = await hub.app.inject({ method: 'PUT', url: `/v1/shops/${shopA._id}/stock-policy`, headers: auth, payload: c.payload });
      expect(res.statusCode, JSON.stringify(c.payload)).toBe(c.status);
      expect(res.body).toContain(c.text);
    }
  });

  it('a combo pushes what its components allow, and moves when a component moves', async () => {
    const res = await hub.app.inject({ method: 'PUT', url: '/v1/skus/COMBO/components', headers: auth, payload: { components: [{ skuCode: 'PART-A', quantity: 2 }, { skuCode: 'PART-B', quantity: 1 }] } });
    expect(res.statusCode, res.body).toBe(200);
    await hub.app.inject({ method: 'PUT', url: `/v1/shops/${shopB._id}/stock-policy`, headers: auth, payload: { delistAtZero: true } });
    await pushStock(hub.rt.ctx, sellerId);
    expect(last(shopB, 'COMBO')).toMatchObject({ quantity: 2, listed: true }); // min(7/2, 2/1)
    await adjust('W1', 'PART-B', -2, 'pb-out');
    await pushStock(hub.rt.ctx, sellerId);
    expect(last(shopB, 'COMBO')).toMatchObject({ quantity: 0, listed: false });
    expect(last(shopA, 'COMBO')?.listed).toBeUndefined(); // shop A's platform cannot delist
    const bad = await hub.app.inject({ method: 'PUT', url: '/v1/skus/PART-A/components', headers: auth, payload: { components: [{ skuCode: 'COMBO', quantity: 1 }] } });
    expect(bad.statusCode).toBe(400);
  });
});
