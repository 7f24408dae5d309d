import type { Ctx } from '../../context.js';
import { mergeBucketId } from '../../db/models/merge-bucket.model.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { mergeFingerprint, planMerge, selfBlocker, type MergeSettings } from '../../domain/merge-plan.js';
import type { TraceEntry } from '../../domain/trace.js';
import { mergeLockKey } from '../merge-split/bucket.js';
import { candidateOf } from '../merge-split/candidates.js';
import { duplicateIndexes } from '../stock-ledger-batch.js';
import type { PipelineBatch } from './batch.js';

export type FastMerge = { slow: true } | { slow: false; trace: TraceEntry };

/**
 * 合单 for a batch, when there is nothing to merge: an order whose merge bucket is empty starts it by INSERTING
 * the bucket (one unordered insert for the batch, under the buckets' merge locks taken in one round trip). An
 * order whose bucket already exists (other open orders of the same buyer and address), whose bucket is busy or
 * shared with an order earlier in the batch, or that is itself a merge master, is left to the one-order merge
 * step (`slow`). Orders merging is off for, or that may not merge, get their "skip" trace.
 */
export async function claimEmptyBuckets(ctx: Ctx, batch: PipelineBatch, settings: MergeSettings, orders: readonly OrderDoc[]): Promise<Map<string, FastMerge>> {
  const out = new Map<string, FastMerge>();
  const byFp = new Map<string, OrderDoc>();
  for (const order of orders) {
    const current = candidateOf({ ...order, hubStatus: 'pending' });
    const blocked = selfBlocker(current, settings);
    if (blocked) out.set(order._id, { slow: false, trace: { step: 'merge', outcome: 'skip', detail: blocked } });
    else if (current.isMaster) out.set(order._id, { slow: true });
    else {
      const fp = mergeFingerprint(order)!;
      if (byFp.has(fp)) out.set(order._id, { slow: true }); // the second order of one buyer in the batch merges with the first
      else byFp.set(fp, order);
    }
  }
  if (byFp.size === 0) return out;
  const lockOf = (fp: string) => mergeLockKey(batch.sellerId, fp);
  const locks = ctx.locks.tryLockMany ? await ctx.locks.tryLockMany([...byFp.keys()].map(lockOf), { ttlMs: 30_000 }) : undefined;
  try {
    const tried = [...byFp].filter(([fp]) => locks?.held.has(lockOf(fp)));
    for (const [fp, order] of byFp) if (!locks?.held.has(lockOf(fp))) out.set(order._id, { slow: true });
    if (tried.length === 0) return out;
    const at = ctx.now();
    const docs = tried.map(([fp, order]) => ({ _id: mergeBucketId(batch.sellerId, fp), sellerId: batch.sellerId, orderIds: [order._id], updatedAt: at }));
    const taken = new Set<number>();
    try {
      await ctx.models.MergeBucket.collection.insertMany(docs as never[], { ordered: false });
    } catch (err) {
      for (const i of duplicateIndexes(err)) taken.add(i);
    }
    tried.forEach(([, order], i) => {
      if (taken.has(i)) out.set(order._id, { slow: true });
      else out.set(order._id, { slow: false, trace: { step: 'merge', outcome: 'skip', detail: noPartner(order, settings) } });
    });
    return out;
  } finally {
    await locks?.release();
  }
}

const noPartner = (order: OrderDoc, settings: MergeSettings) => {
  const plan = planMerge(candidateOf({ ...order, hubStatus: 'pending' }), [], settings);
  return plan.kind === 'none' ? plan.reason : 'no other open order of this buyer and address';
};
