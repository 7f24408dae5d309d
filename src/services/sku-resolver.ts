import type { Ctx } from '../context.js';
import { makeSkuResolver, type SkuResolver } from '../domain/order-mapping.js';

/** Loads the seller's SKU codes and listing mappings once, for a batch of orders. */
export async function loadSkuResolver(ctx: Ctx, sellerId: string): Promise<SkuResolver> {
  const [skus, listings] = await Promise.all([
    ctx.models.Sku.find({ sellerId }, { code: 1 }).lean(),
    ctx.models.Listing.find({ sellerId }, { skuCode: 1, platformSku: 1, platformVariantId: 1 }).lean(),
  ]);
  const map = new Map<string, string>();
  for (const l of listings) {
    if (l.platformVariantId) map.set(`v:${l.platformVariantId}`, l.skuCode);
    if (l.platformSku) map.set(`s:${l.platformSku}`, l.skuCode);
  }
  return makeSkuResolver(new Set(skus.map((s) => s.code)), map);
}
