import type { Ctx } from '../context.js';
import type { ListingDoc } from '../db/models/listing.model.js';
import { AppError, isDuplicateKeyError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { markStockDirty } from './stock-push-trigger.js';

export function listingView(l: ListingDoc) {
  return {
    id: l._id, shopId: l.shopId, skuCode: l.skuCode, mappedBy: l.mappedBy ?? 'auto',
    platformSku: l.platformSku ?? null, platformProductId: l.platformProductId ?? null, platformVariantId: l.platformVariantId ?? null,
    lastPushedQty: l.lastPushedQty ?? null, lastPushedAt: l.lastPushedAt ?? null, lastListed: l.lastListed ?? null, createdAt: l.createdAt,
  };
}

export interface ListingQuery { shopId?: string; skuCode?: string; cursor?: string; limit: number }

/** The seller's listings in id order, a page at a time (the cursor is the last id returned). */
export async function listListings(ctx: Ctx, sellerId: string, q: ListingQuery) {
  const filter: Record<string, unknown> = { sellerId };
  if (q.shopId) filter.shopId = q.shopId;
  if (q.skuCode) filter.skuCode = q.skuCode;
  if (q.cursor) filter._id = { $gt: q.cursor };
  const docs = await ctx.models.Listing.find(filter).sort({ _id: 1 }).limit(q.limit + 1).lean<ListingDoc[]>();
  const page = docs.slice(0, q.limit);
  return { items: page.map(listingView), nextCursor: docs.length > q.limit ? page[page.length - 1]!._id : null };
}

async function requireSku(ctx: Ctx, sellerId: string, skuCode: string): Promise<void> {
  if (!(await ctx.models.Sku.exists({ sellerId, code: skuCode }))) throw new AppError('UNKNOWN_SKU', `SKU ${skuCode} is not in the catalogue`, { skuCode });
}

/** Another listing of the same shop already carries the SKU (one listing per SKU and shop). */
async function refuseTaken(ctx: Ctx, shopId: string, skuCode: string, except?: string): Promise<void> {
  const other = await ctx.models.Listing.findOne({ shopId, skuCode }, { _id: 1 }).lean();
  if (other && other._id !== except) throw new AppError('CONFLICT', `listing ${other._id} of this shop is already mapped to ${skuCode}`, { listingId: other._id });
}

/**
 * Manual override of a listing's SKU: imports never change it afterwards, orders that arrive with the
 * listing's platform SKU resolve to the new code, and both SKUs' stock is pushed again.
 */
export async function remapListing(ctx: Ctx, sellerId: string, id: string, skuCode: string): Promise<ListingDoc> {
  return ctx.locks.withLock(`listings:${sellerId}`, async () => {
    const l = await ctx.models.Listing.findById(id).lean<ListingDoc>();
    if (!l || l.sellerId !== sellerId) throw notFound('listing', id);
    await requireSku(ctx, sellerId, skuCode);
    await refuseTaken(ctx, l.shopId, skuCode, l._id);
    await ctx.models.Listing.updateOne({ _id: id }, { $set: { skuCode, mappedBy: 'manual' }, $unset: { lastPushedQty: 1 } });
    await markStockDirty(ctx, sellerId, [...new Set([l.skuCode, skuCode])]);
    ctx.log.info({ listingId: id, from: l.skuCode, to: skuCode }, 'listing remapped');
    return (await ctx.models.Listing.findById(id).lean<ListingDoc>())!;
  }, { ttlMs: 10_000, waitMs: 5_000 });
}

export interface NewListing { shopId: string; skuCode: string; platformSku?: string; platformProductId?: string; platformVariantId?: string }

/** A manual listing for a platform product the import could not map by merchant SKU code. */
export async function createListing(ctx: Ctx, sellerId: string, input: NewListing): Promise<ListingDoc> {
  if (!input.platformSku && !input.platformProductId && !input.platformVariantId) {
    throw new AppError('VALIDATION_FAILED', 'a listing needs platformSku, platformProductId or platformVariantId');
  }
  if (!(await ctx.models.Shop.exists({ _id: input.shopId, sellerId }))) throw notFound('shop', input.shopId);
  await requireSku(ctx, sellerId, input.skuCode);
  await refuseTaken(ctx, input.shopId, input.skuCode);
  // Not keyed by SKU code like imported listings (`shop:sku`): that id may belong to a listing remapped since.
  const doc = { _id: `${input.shopId}:${newId('lst', ctx.now())}`, sellerId, ...input, mappedBy: 'manual' as const };
  try {
    await ctx.models.Listing.create(doc);
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new AppError('CONFLICT', `the shop already has a listing for ${input.skuCode}`);
    throw err;
  }
  await markStockDirty(ctx, sellerId, [input.skuCode]);
  return (await ctx.models.Listing.findById(doc._id).lean<ListingDoc>())!;
}
