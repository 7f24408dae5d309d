import type { Connector, StockPushItem } from '../../connectors/types.js';
import { evaluateAlerts } from './inventory/alerts-evaluate.js';
import type { Ctx } from '../context.js';
import type { ListingDoc } from '../db/models/listing.model.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { applyStockPolicy, availableForShop, comboAvailable, defaultStockPolicy, type Component, type LevelView } from '../domain/stock-push-policy.js';
import { dirtyKey, dirtySinceKey } from './stock-push-trigger.js';
import { bulkWriteChunked } from '../db/bulk.js';

/** The seller's combo SKUs (code → components). */
async function loadCombos(ctx: Ctx, sellerId: string): Promise<Map<string, Component[]>> {
  const skus = await ctx.models.Sku.find({ sellerId, components: { $exists: true } }, { code: 1, components: 1 }).lean();
  return new Map(skus.filter((s) => (s.components?.length ?? 0) > 0).map((s) => [s.code, s.components!]));
}

/** The dirty SKUs plus every combo built from one of them (a component's change moves the combo too). */
function withCombos(dirty: readonly string[], combos: ReadonlyMap<string, Component[]>): string[] {
  const out = new Set(dirty);
  for (const [code, parts] of combos) if (parts.some((p) => out.has(p.skuCode))) out.add(code);
  return [...out];
}

/** What each of the shop's due listings should now show, by the shop's policy. */
function dueItems(shop: ShopDoc, connector: Connector, listings: readonly ListingDoc[], levels: readonly LevelView[], combos: ReadonlyMap<string, Component[]>): StockPushItem[] {
  const policy = shop.stockPolicy ?? defaultStockPolicy;
  const available = availableForShop(levels, policy.warehouseIds);
  const canDelist = connector.capabilities.delistAtZero === true;
  const items: StockPushItem[] = [];
  for (const l of listings) {
    const parts = combos.get(l.skuCode);
    const d = applyStockPolicy(parts ? comboAvailable(parts, available) : available.get(l.skuCode) ?? 0, policy, canDelist);
    const listedChanged = d.listed !== undefined && l.lastListed !== d.listed;
    if (l.lastPushedQty === d.quantity && !listedChanged) continue;
    items.push({
      skuCode: l.skuCode, platformSku: l.platformSku, platformProductId: l.platformProductId, platformVariantId: l.platformVariantId,
      quantity: d.quantity, ...(d.listed !== undefined ? { listed: d.listed } : {}),
    });
  }
  return items;
}

/** Pushes one shop's items in the platform's batch size (one bulk call per chunk); returns how many were accepted. */
async function pushChunks(ctx: Ctx, shop: ShopDoc, connector: Connector, items: StockPushItem[]): Promise<number> {
  const max = Math.max(1, connector.capabilities.stockBatchMax);
  let pushed = 0;
  for (let i = 0; i < items.length; i += max) {
    const chunk = items.slice(i, i + max);
    const res = await connector.pushStock(chunk);
    const failed = new Set(res.failed.map((f) => f.skuCode));
    const ok = chunk.filter((c) => !failed.has(c.skuCode));
    const at = ctx.now();
    if (ok.length > 0) {
      await bulkWriteChunked(ctx.models.Listing, ok.map((c) => ({
        updateOne: {
          filter: { shopId: shop._id, skuCode: c.skuCode },
          update: { $set: { lastPushedQty: c.quantity, lastPushedAt: at, ...(c.listed !== undefined ? { lastListed: c.listed } : {}) } },
        },
      })), { ordered: false });
    }
    for (const f of res.failed) ctx.log.warn({ shopId: shop._id, skuCode: f.skuCode, reason: f.reason }, 'stock push refused for a listing');
    pushed += ok.length;
  }
  return pushed;
}

/**
 * Pushes every SKU marked dirty (and the combos built from them) to every active shop that lists it: the
 * quantity follows the shop's stock policy (feeding warehouses, percentage, buffer, min/max, delist at zero),
 * in the platform's batch size. Listings remember what they last got, so unchanged values are not sent again.
 * On a failure the SKUs are marked dirty again and the error is rethrown for a retry. One push per seller at a
 * time: two overlapping jobs could otherwise read levels in one order and land their pushes in the other,
 * leaving the platform with the older quantity.
 */
export function pushStock(ctx: Ctx, sellerId: string): Promise<{ pushed: number; shops: number }> {
  return ctx.locks.withLock(`stock-push:${sellerId}`, () => pushStockLocked(ctx, sellerId), { ttlMs: 30_000, waitMs: 60_000 });
}

async function pushStockLocked(ctx: Ctx, sellerId: string): Promise<{ pushed: number; shops: number }> {
  const key = dirtyKey(ctx.config.QUEUE_PREFIX, sellerId);
  const sinceKey = dirtySinceKey(ctx.config.QUEUE_PREFIX, sellerId);
  // The lag clock restarts with the next change: what is taken here is being pushed now.
  const since = await ctx.redis.getdel(sinceKey);
  const dirty = await ctx.redis.spop(key, 10_000);
  if (dirty.length === 0) return { pushed: 0, shops: 0 };
  try {
    // The same coalesced change set raises (once) or clears low-stock alerts (库存预警).
    await evaluateAlerts(ctx, sellerId, dirty);
    const combos = await loadCombos(ctx, sellerId);
    const skuCodes = withCombos(dirty, combos);
    const needed = [...new Set([...skuCodes, ...skuCodes.flatMap((c) => (combos.get(c) ?? []).map((p) => p.skuCode))])];
    const [levels, listings, shops] = await Promise.all([
      ctx.models.StockLevel.find({ sellerId, skuCode: { $in: needed } }, { warehouseId: 1, skuCode: 1, available: 1 }).lean<LevelView[]>(),
      ctx.models.Listing.find({ sellerId, skuCode: { $in: skuCodes } }).lean<ListingDoc[]>(),
      ctx.models.Shop.find({ sellerId, status: 'active' }).lean<ShopDoc[]>(),
    ]);
    let pushed = 0;
    let shopCount = 0;
    for (const shop of shops) {
      const mine = listings.filter((l) => l.shopId === shop._id);
      if (mine.length === 0) continue;
      const connector = ctx.connectorFor(shop);
      const items = dueItems(shop, connector, mine, levels, combos);
      if (items.length === 0) continue;
      shopCount++;
      pushed += await pushChunks(ctx, shop, connector, items);
    }
    return { pushed, shops: shopCount };
  } catch (err) {
    const again = ctx.redis.multi().sadd(key, ...dirty);
    if (since !== null) again.set(sinceKey, since); // not pushed: the lag goes on from the older change
    await again.exec();
    throw err;
  }
}
