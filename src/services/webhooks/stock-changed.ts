import type { Ctx } from '../../context.js';
import type { StockLevelDoc } from '../../db/models/stock-level.model.js';
import { appendEvents } from '../events.js';

const key = (prefix: string, sellerId: string) => `${prefix}:webhooks:stock-dirty:${sellerId}`;
const WINDOW_MS = 1_000;

/**
 * Notes SKUs whose stock changed, for one coalesced `stock.changed` per SKU level and window (called where
 * stock pushes are triggered). Cheap: a set add and one delayed job per seller and window.
 */
export async function noteStockChanged(ctx: Ctx, sellerId: string, skuCodes: readonly string[]): Promise<void> {
  if (skuCodes.length === 0) return;
  await ctx.redis.sadd(key(ctx.config.QUEUE_PREFIX, sellerId), ...skuCodes);
  const nowMs = ctx.now().getTime();
  const slot = Math.floor(nowMs / WINDOW_MS) + 1;
  await ctx.jobs.add('webhooks', { kind: 'stock-changed', sellerId }, { jobId: `wh-stock:${sellerId}:${slot}`, delay: Math.max(0, slot * WINDOW_MS - nowMs), removeOnComplete: true });
}

/**
 * Appends one `stock.changed` event per level of the noted SKUs, keyed by the level's ledger sequence (the same
 * state is reported once), when the seller has an endpoint that wants it.
 */
export async function emitStockChanged(ctx: Ctx, sellerId: string): Promise<{ levels: number }> {
  const k = key(ctx.config.QUEUE_PREFIX, sellerId);
  const skus = await ctx.redis.smembers(k);
  if (skus.length === 0) return { levels: 0 };
  const endpoints = await ctx.models.WebhookEndpoint.find({ sellerId, enabled: true }, { eventTypes: 1 }).lean();
  const wanted = endpoints.some((e) => e.eventTypes.length === 0 || e.eventTypes.includes('stock.changed'));
  let levels: StockLevelDoc[] = [];
  if (wanted) {
    levels = await ctx.models.StockLevel.find({ sellerId, skuCode: { $in: skus } }).lean<StockLevelDoc[]>();
    await appendEvents(ctx.models, levels.map((l) => ({
      _id: `stock.changed:${l._id}:${l.seq}`, sellerId, type: 'stock.changed', subject: { kind: 'stock-level', id: l._id },
      data: { skuCode: l.skuCode, warehouseId: l.warehouseId, onHand: l.onHand, reserved: l.reserved, available: l.onHand - l.reserved },
    })), ctx.now());
  }
  await ctx.redis.srem(k, ...skus);
  return { levels: levels.length };
}
