import type { Ctx } from '../context.js';
import type { SkuDoc } from '../db/models/sku.model.js';
import { AppError, notFound } from '../errors.js';
import { markStockDirty } from './stock-push-trigger.js';

export type ComponentInput = { skuCode: string; quantity: number }[];

/**
 * Makes a SKU a combo of components (or a plain SKU again with an empty list). Components must be plain
 * catalogue SKUs (no nesting, not the combo itself); the combo's listings are pushed again.
 */
export async function setComponents(ctx: Ctx, sellerId: string, code: string, components: ComponentInput): Promise<SkuDoc> {
  const sku = await ctx.models.Sku.findOne({ sellerId, code }).lean<SkuDoc>();
  if (!sku) throw notFound('sku', code);
  const merged = new Map<string, number>();
  for (const c of components) merged.set(c.skuCode, (merged.get(c.skuCode) ?? 0) + c.quantity);
  if (merged.has(code)) throw new AppError('VALIDATION_FAILED', `combo ${code} cannot contain itself`);
  const parts = [...merged].map(([skuCode, quantity]) => ({ skuCode, quantity }));
  const found = parts.length > 0 ? await ctx.models.Sku.find({ sellerId, code: { $in: parts.map((p) => p.skuCode) } }, { code: 1, components: 1 }).lean<SkuDoc[]>() : [];
  const missing = parts.filter((p) => !found.some((f) => f.code === p.skuCode)).map((p) => p.skuCode);
  if (missing.length > 0) throw new AppError('UNKNOWN_SKU', `unknown component ${missing.join(', ')}`, { skuCodes: missing });
  const nested = found.filter((f) => (f.components?.length ?? 0) > 0).map((f) => f.code);
  if (nested.length > 0) throw new AppError('VALIDATION_FAILED', `components cannot be combos themselves: ${nested.join(', ')}`);
  const usedIn = await ctx.models.Sku.find({ sellerId, 'components.skuCode': code }, { code: 1 }).lean();
  if (parts.length > 0 && usedIn.length > 0) throw new AppError('VALIDATION_FAILED', `${code} is a component of ${usedIn.map((u) => u.code).join(', ')}; it cannot be a combo`);
  await ctx.models.Sku.updateOne({ _id: sku._id }, parts.length > 0 ? { $set: { components: parts } } : { $unset: { components: 1 } });
  await ctx.models.Listing.updateMany({ sellerId, skuCode: code }, { $unset: { lastPushedQty: 1 } });
  await markStockDirty(ctx, sellerId, [code]);
  return { ...sku, components: parts.length > 0 ? parts : undefined };
}
