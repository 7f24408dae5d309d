import type { Ctx } from '../context.js';
import { jobIds } from '../queues.js';
import { noteStockChanged } from './webhooks/stock-changed.js';

export const dirtyKey = (prefix: string, sellerId: string) => `${prefix}:stock-dirty:${sellerId}`;
/** When the oldest change not yet taken by a push was marked (ms): the stock push lag /metrics reports. */
export const dirtySinceKey = (prefix: string, sellerId: string) => `${prefix}:stock-dirty-since:${sellerId}`;

/**
 * Marks SKUs whose available stock changed and schedules one coalesced push for the seller: every change
 * within the same window lands in the same delayed job (deterministic id per window); the job takes the
 * whole dirty set when it runs, so a change made while it runs is pushed by the next window's job.
 */
export async function markStockDirty(ctx: Ctx, sellerId: string, skuCodes: readonly string[]): Promise<void> {
  if (skuCodes.length === 0) return;
  const nowMs = ctx.now().getTime();
  await ctx.redis.multi()
    .sadd(dirtyKey(ctx.config.QUEUE_PREFIX, sellerId), ...skuCodes)
    .set(dirtySinceKey(ctx.config.QUEUE_PREFIX, sellerId), String(nowMs), 'NX')
    .exec();
  const windowMs = Math.max(1, ctx.config.STOCK_PUSH_COALESCE_MS);
  const slot = Math.floor(nowMs / windowMs) + 1;
  await ctx.jobs.add('outbound', { kind: 'push-stock', sellerId }, {
    jobId: jobIds.pushStock(sellerId, slot),
    delay: Math.max(0, slot * windowMs - nowMs),
  });
  await noteStockChanged(ctx, sellerId, skuCodes);
}
