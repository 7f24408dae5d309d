import type { NormalizedOrder } from '../../connectors/types.js';
import type { Ctx } from '../../src/context.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { ingestOrders } from '../../src/services/ingest-orders.js';
import { loadSkuResolver } from '../../src/services/sku-resolver.js';

let n = 1000;

export function normalizedOrder(over: Partial<NormalizedOrder> & { skus?: [string, number][] } = {}): NormalizedOrder {
  n++;
  const { skus = [['SKU-A', 1]], ...rest } = over;
  const at = new Date('2026-01-01T10:00:00Z');
  return {
    platformOrderId: `P-${n}`,
    platformStatus: 'paid',
    state: 'paid',
    platformCreatedAt: at,
    platformUpdatedAt: at,
    currency: 'USD',
    buyer: { name: 'Ann Buyer', email: 'ann@example.com' },
    address: { name: 'Ann Buyer', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    lines: skus.map(([sku, quantity], i) => ({ lineId: `L-${n}-${i}`, platformSku: sku, quantity, unitPrice: '10.00' })),
    amounts: { subtotal: '10.00', shipping: '0.00', tax: '0.00', discount: '0.00', total: '10.00' },
    ...rest,
  };
}

/** A shop record as the import sees it (no connector calls are made by ingestOrders). */
export async function insertShop(ctx: Ctx, sellerId: string, id = 'shop_test'): Promise<ShopDoc> {
  const doc = { _id: id, sellerId, platform: 'sandbox' as const, name: 'Test shop', credentialsEnc: 'v1.x.x.x', webhookToken: `wh_${id}`, status: 'active' as const, sync: {} };
  await ctx.models.Shop.create(doc);
  return (await ctx.models.Shop.findById(id).lean<ShopDoc>())!;
}

/** Imports orders as a pull would, returning the hub order ids in input order. */
export async function importOrders(ctx: Ctx, shop: ShopDoc, orders: NormalizedOrder[]): Promise<string[]> {
  await ingestOrders(ctx, shop, orders, await loadSkuResolver(ctx, shop.sellerId));
  const docs = await ctx.models.Order.find({ shopId: shop._id, platformOrderId: { $in: orders.map((o) => o.platformOrderId) } }, { platformOrderId: 1 }).lean();
  const byPid = new Map(docs.map((d) => [d.platformOrderId, d._id]));
  return orders.map((o) => byPid.get(o.platformOrderId)!);
}
