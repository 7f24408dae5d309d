import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { LockTimeoutError } from '../../locks.js';

/**
 * Takes the locks of several orders in a fixed (sorted) order, then loads them fresh and runs `fn`.
 * `waitMs` short = try-lock: used when the caller already holds other locks, so two contenders never wait
 * on each other for long. Returns null when a lock was busy past `waitMs` and `tryOnly` is set.
 */
export async function withOrders<T>(
  ctx: Ctx, sellerId: string, ids: readonly string[], fn: (orders: Map<string, OrderDoc>) => Promise<T>, opts: { waitMs: number; tryOnly?: boolean },
): Promise<T | null> {
  const sorted = [...new Set(ids)].sort();
  const step = async (i: number): Promise<T> => {
    if (i === sorted.length) {
      const docs = await Promise.all(sorted.map((id) => ctx.models.Order.findById(id).lean<OrderDoc>()));
      return fn(new Map(docs.filter((d): d is OrderDoc => d?.sellerId === sellerId).map((d) => [d._id, d])));
    }
    return ctx.locks.withLock(`order:${sorted[i]!}`, () => step(i + 1), { ttlMs: 30_000, waitMs: opts.waitMs });
  };
  try {
    return await step(0);
  } catch (err) {
    if (opts.tryOnly && err instanceof LockTimeoutError) return null;
    throw err;
  }
}
