import type { Ctx } from '../../context.js';
import { mergeBlocker, mergeFingerprint, selfBlocker } from '../../domain/merge-plan.js';
import { AppError, notFound } from '../../errors.js';
import { note, withOrder } from '../order-writes.js';
import { mergeLockKey, readBucket, writeBucket } from './bucket.js';
import { candidateOf } from './candidates.js';
import { withOrders } from './lock-orders.js';
import { executeMerge } from './merge-exec.js';
import { getSettings } from './settings.js';

/**
 * 合单 by customer service: the named orders become one shipment. The window, shop scope and do-not-merge
 * flag are CS's call; one buyer and address, one currency, not yet released to the warehouse (held orders
 * allowed) and no COD or split child still apply. If one of them is a master it absorbs the others.
 */
export async function mergeByHand(ctx: Ctx, sellerId: string, orderIds: readonly string[], by: string): Promise<{ masterId: string; absorbed: string[] }> {
  const ids = [...new Set(orderIds)];
  if (ids.length < 2) throw new AppError('VALIDATION_FAILED', 'name at least two different orders to merge');
  const settings = (await getSettings(ctx, sellerId)).merge;
  const res = await withOrders(ctx, sellerId, ids, async (locked) => {
    const docs = ids.map((id) => locked.get(id) ?? (() => { throw notFound('order', id); })());
    const masters = docs.filter((o) => (o.mergeSources?.length ?? 0) > 0);
    if (masters.length > 1) throw new AppError('CONFLICT', `orders ${masters.map((o) => o._id).join(', ')} are each already a merge: merge into one of them`);
    const head = masters[0] ?? docs[0]!;
    const cur = candidateOf(head);
    const problems = docs.flatMap((o) => {
      const why = o === head ? selfBlocker(cur, settings, true) ?? mergeBlocker(cur, cur, settings, true) : mergeBlocker(cur, candidateOf(o), settings, true);
      return why ? [{ orderId: o._id, reason: why }] : [];
    });
    if (problems.length > 0) throw new AppError('CONFLICT', `order ${problems[0]!.orderId} cannot be merged: ${problems[0]!.reason}`, { problems });
    const fp = mergeFingerprint(head)!;
    return ctx.locks.withLock(mergeLockKey(sellerId, fp), async () => {
      const absorb = docs.filter((o) => o !== masters[0]);
      const done = await executeMerge(ctx, { sellerId, master: masters[0] ?? null, absorb, masterIsCurrent: false, by });
      const listed = await readBucket(ctx, sellerId, fp);
      const gone = new Set(absorb.map((o) => o._id));
      await writeBucket(ctx, sellerId, fp, listed, [...new Set([...listed, done.masterId])].filter((id) => !gone.has(id)).sort());
      return { masterId: done.masterId, absorbed: absorb.map((o) => o._id) };
    }, { ttlMs: 30_000, waitMs: 20_000 });
  }, { waitMs: 20_000 });
  return res!;
}

/** Sets or clears an order's do-not-merge flag (recorded on its timeline). */
export async function setDoNotMerge(ctx: Ctx, sellerId: string, orderId: string, value: boolean, by: string): Promise<{ orderId: string; doNotMerge: boolean }> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    if (Boolean(o.doNotMerge) !== value) await note(ctx, o._id, { type: value ? 'merge.blocked' : 'merge.allowed', by }, { doNotMerge: value });
    return { orderId: o._id, doNotMerge: value };
  });
}
