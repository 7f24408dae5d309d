import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { defaultStockPolicy, policyProblem, type StockPolicy } from '../domain/stock-push-policy.js';
import { AppError } from '../errors.js';
import { getShop } from './shops.service.js';
import { markStockDirty } from './stock-push-trigger.js';

export interface StockPolicyInput {
  warehouseCodes?: string[];
  percent?: number;
  buffer?: number;
  min?: number | null;
  max?: number | null;
  delistAtZero?: boolean;
}

/** The policy as the API shows it (warehouses by code). */
export async function stockPolicyView(ctx: Ctx, shop: ShopDoc) {
  const p = shop.stockPolicy ?? defaultStockPolicy;
  const ids = p.warehouseIds ?? [];
  const whs = ids.length > 0 ? await ctx.models.Warehouse.find({ _id: { $in: ids } }, { code: 1 }).lean() : [];
  return {
    shopId: shop._id, warehouseCodes: whs.map((w) => w.code).sort(), percent: p.percent, buffer: p.buffer,
    min: p.min ?? null, max: p.max ?? null, delistAtZero: p.delistAtZero,
  };
}

/**
 * Sets how a shop's listings are fed (warehouses, percentage, buffer, min/max, delist at zero) and re-pushes
 * every listing of the shop under the new policy (through the usual coalesced push).
 */
export async function setStockPolicy(ctx: Ctx, sellerId: string, shopId: string, input: StockPolicyInput): Promise<ShopDoc> {
  const shop = await getShop(ctx, sellerId, shopId);
  const codes = [...new Set(input.warehouseCodes ?? [])];
  const whs = codes.length > 0 ? await ctx.models.Warehouse.find({ sellerId, code: { $in: codes } }, { code: 1 }).lean() : [];
  const missing = codes.filter((c) => !whs.some((w) => w.code === c));
  if (missing.length > 0) throw new AppError('UNKNOWN_WAREHOUSE', `unknown warehouse ${missing.join(', ')}`, { warehouseCodes: missing });
  const policy: StockPolicy = {
    ...(whs.length > 0 ? { warehouseIds: whs.map((w) => w._id).sort() } : {}),
    percent: input.percent ?? 100,
    buffer: input.buffer ?? 0,
    ...(input.min != null ? { min: input.min } : {}),
    ...(input.max != null ? { max: input.max } : {}),
    delistAtZero: input.delistAtZero ?? false,
  };
  const problem = policyProblem(policy);
  if (problem) throw new AppError('VALIDATION_FAILED', problem);
  if (policy.delistAtZero && ctx.connectorFor(shop).capabilities.delistAtZero !== true) {
    throw new AppError('VALIDATION_FAILED', `${shop.platform} shops cannot be delisted at zero by the hub: its connector does not support it`);
  }
  await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { stockPolicy: policy, updatedAt: ctx.now() } });
  const listings = await ctx.models.Listing.find({ shopId: shop._id }, { skuCode: 1 }).lean();
  // Forget what was pushed, so every listing of the shop is pushed again under the new policy.
  await ctx.models.Listing.updateMany({ shopId: shop._id }, { $unset: { lastPushedQty: 1 } });
  await markStockDirty(ctx, sellerId, [...new Set(listings.map((l) => l.skuCode))]);
  ctx.log.info({ shopId: shop._id, listings: listings.length }, 'stock policy set');
  return { ...shop, stockPolicy: policy };
}
