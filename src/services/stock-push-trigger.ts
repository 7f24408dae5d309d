import type { Ctx } from '../context.js';
import { jobIds } from '../queues.js';
import { noteStockChanged } from './webhooks/stock-changed.js';

export const dirtyKey = (prefix: string, sellerId: string) => `${prefix}:stock-dirty:${sellerId}`;

/**
 * Marks SKUs whose available stock changed and schedules one coalesced push for the seller: every change
 * within the same window lands in the same delayed job (deterministic id per window); the job takes the
 * whole dirty set when it runs, so a change made while it runs is pushed by the next window's job.
 */
export async function markStockDirty(ctx: Ctx, sellerId: string, skuCodes: readonly string[]): Promise<void> {
  if (skuCodes.length === 0) return;
  await ctx.redis.sadd(dirtyKey(ctx.config.QUEUE_PREFIX, sellerId), ...skuCodes);
  const windowMs = Math.max(1, ctx.config.STOCK_PUSH_COALESCE_MS);
  const nowMs = ctx.now().getTime();
  const slot = Math.floor(nowMs / windowMs) + 1;
  await ctx.jobs.add('outbound', { kind: 'push-stock', sellerId }, {
    jobId: jobIds.pushStock(sellerId, slot),
    delay: Math.max(0, slot * windowMs - nowMs),
  });
  await noteStockChanged(ctx, sellerId, skuCodes);
}
