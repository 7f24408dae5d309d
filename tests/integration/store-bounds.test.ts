import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorCapabilities } from '../../connectors/types.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { pushStock } from '../../src/services/outbound.service.js';
import { markStockDirty } from '../../src/services/stock-push-trigger.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

/**
 * Batches far beyond FerretDB's backend pool (STORE-NOTES.md: an `update` command with as many statements as the
 * pool has connections never returns, and the store then answers nothing). Before src/db/bulk.ts these went out as
 * one bulkWrite each and froze the store; now they must land in full and leave the store answering.
 */
class WidePlatform extends FakePlatform {
  override capabilities: ConnectorCapabilities = { ...new FakePlatform().capabilities, stockBatchMax: 1000 };
}

let hub: TestHub;
let sellerId: string;
const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
const ping = async () => (await hub.rt.conn.db!.admin().command({ ping: 1 })).ok;

beforeAll(async () => {
  hub = await startTestHub();
  const platform = new WidePlatform();
  Object.assign(hub.rt.ctx, { connectorFor: () => platform });
  sellerId = (await hub.newSeller()).id;
});
afterAll(async () => hub.close());

describe('batches larger than the store\'s pool', () => {
  it('pushes stock for 600 listings in one platform call and records every push', async () => {
    const ctx = hub.rt.ctx;
    const shop: ShopDoc = await insertShop(ctx, sellerId, 'shop_wide');
    const skus = codes('PUSH', 600);
    await ctx.models.Listing.insertMany(skus.map((sku) => ({ _id: `${shop._id}:${sku}`, sellerId, shopId: shop._id, skuCode: sku, platformSku: sku })));
    await markStockDirty(ctx, sellerId, skus);
    expect(await pushStock(ctx, sellerId)).toEqual({ pushed: 600, shops: 1 });
    expect(await ping()).toBe(1);
    expect(await ctx.models.Listing.countDocuments({ shopId: shop._id, lastPushedQty: 0 })).toBe(600);
  });

  it('imports pages with 300 distinct SKUs, already listed or not, and remembers a listing for each', async () => {
    const ctx = hub.rt.ctx;
    const shop: ShopDoc = await insertShop(ctx, sellerId, 'shop_many_skus');
    const skus = codes('IMP', 300);
    await ctx.models.Sku.insertMany(skus.map((code) => ({ _id: `sku_${code}`, sellerId, code, name: code })));
    // A page: 30 orders of 10 lines each, every line a different SKU. The first page creates the listings; the
    // second names the same SKUs, so each of its listing upserts matches a document (the case that holds a
    // backend connection per statement in FerretDB).
    const page = () => Array.from({ length: 30 }, (_, o) => normalizedOrder({ skus: skus.slice(o * 10, o * 10 + 10).map((s) => [s, 1]) }));
    for (const _ of [1, 2]) {
      const ids = await importOrders(ctx, shop, page());
      expect(ids.filter(Boolean)).toHaveLength(30);
      expect(await ping()).toBe(1);
    }
    expect(await ctx.models.Order.countDocuments({ shopId: shop._id })).toBe(60);
    const listed = await ctx.models.Listing.find({ shopId: shop._id }, { skuCode: 1 }).lean();
    expect(listed.map((l) => l.skuCode).sort()).toEqual(skus);
  });
});
