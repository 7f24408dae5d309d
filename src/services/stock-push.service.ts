import type { StockPushItem } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { dirtyKey } from './stock-push-trigger.js';

/** Available stock per SKU across the seller's warehouses. */
async function availableBySku(ctx: Ctx, sellerId: string, skuCodes: readonly string[]): Promise<Map<string, number>> {
  const levels = await ctx.models.StockLevel.find({ sellerId, skuCode: { $in: skuCodes } }, { skuCode: 1, available: 1 }).lean();
  const out = new Map<string, number>(skuCodes.map((s) => [s, 0]));
  for (const l of levels) out.set(l.skuCode, (out.get(l.skuCode) ?? 0) + Math.max(0, l.available));
  return out;
}

/**
 * Pushes the available quantity of every SKU marked dirty to every active shop that lists it, in the
 * platform's batch size; listings remember what they last got, so unchanged values are not sent again.
 * SKUs whose push failed are marked dirty again and the error is rethrown for a retry.
 */
export async function pushStock(ctx: Ctx, sellerId: string): Promise<{ pushed: number; shops: number }> {
  const key = dirtyKey(ctx.config.QUEUE_PREFIX, sellerId);
  const skuCodes = await ctx.redis.spop(key, 10_000);
  if (skuCodes.length === 0) return { pushed: 0, shops: 0 };
  try {
    const [available, listings, shops] = await Promise.all([
      availableBySku(ctx, sellerId, skuCodes),
      ctx.models.Listing.find({ sellerId, skuCode: { $in: skuCodes } }).lean(),
      ctx.models.Shop.find({ sellerId, status: 'active' }).lean<ShopDoc[]>(),
    ]);
    let pushed = 0;
    let shopCount = 0;
    for (const shop of shops) {
      const due = listings.filter((l) => l.shopId === shop._id && l.lastPushedQty !== available.get(l.skuCode));
      if (due.length === 0) continue;
      shopCount++;
      const connector = ctx.connectorFor(shop);
      const items: StockPushItem[] = due.map((l) => ({
        skuCode: l.skuCode, platformSku: l.platformSku, platformProductId: l.platformProductId, platformVariantId: l.platformVariantId,
        quantity: available.get(l.skuCode) ?? 0,
      }));
      const max = Math.max(1, connector.capabilities.stockBatchMax);
      for (let i = 0; i < items.length; i += max) {
        const chunk = items.slice(i, i + max);
        const res = await connector.pushStock(chunk);
        const failed = new Set(res.failed.map((f) => f.skuCode));
        const ok = chunk.filter((c) => !failed.has(c.skuCode));
        const at = ctx.now();
        if (ok.length > 0) {
          await ctx.models.Listing.bulkWrite(ok.map((c) => ({
            updateOne: { filter: { shopId: shop._id, skuCode: c.skuCode }, update: { $set: { lastPushedQty: c.quantity, lastPushedAt: at } } },
          })), { ordered: false });
        }
        for (const f of res.failed) ctx.log.warn({ shopId: shop._id, skuCode: f.skuCode, reason: f.reason }, 'stock push refused for a listing');
        pushed += ok.length;
      }
    }
    return { pushed, shops: shopCount };
  } catch (err) {
    await ctx.redis.sadd(key, ...skuCodes);
    throw err;
  }
}
