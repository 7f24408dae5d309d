import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { mergeBlocker, mergeFingerprint, planMerge, selfBlocker } from '../../domain/merge-plan.js';
import type { OrderLine } from '../../domain/order.js';
import type { TraceEntry } from '../../domain/trace.js';
import { LockTimeoutError } from '../../locks.js';
import { note } from '../order-writes.js';
import { loadOrders, mergeLockKey, readBucket, writeBucket } from '../merge-split/bucket.js';
import { candidateOf, staysInBucket } from '../merge-split/candidates.js';
import { executeMerge, newMasterId } from '../merge-split/merge-exec.js';
import { withOrders } from '../merge-split/lock-orders.js';
import { settingsFor } from '../merge-split/settings.js';
import type { PipelineBatch } from './batch.js';

export type MergeOutcome = { kind: 'none'; trace: TraceEntry[] } | { kind: 'absorbed'; into: string; trace: TraceEntry[] };

const skip = (detail: string): MergeOutcome => ({ kind: 'none', trace: [{ step: 'merge', outcome: 'skip', detail }] });

/**
 * 合单: whether this audited order joins other open orders of the same buyer and address. Runs under the
 * order's lock; takes the bucket's merge lock, then the partners' locks as try-locks (a busy partner is being
 * decided elsewhere and is left out this time). When the order is itself a master that absorbs new partners,
 * `lines` is updated in place so the rest of the run allocates the merged lines.
 */
export async function mergeStep(ctx: Ctx, batch: PipelineBatch, order: OrderDoc, lines: OrderLine[]): Promise<MergeOutcome> {
  const settings = (await settingsFor(ctx, batch)).merge;
  const blocked = selfBlocker(candidateOf(order), settings);
  if (blocked) return skip(blocked);
  const fp = mergeFingerprint(order)!;
  try {
    return await ctx.locks.withLock(mergeLockKey(batch.sellerId, fp), () => mergeInBucket(ctx, batch, order, lines, fp), { ttlMs: 30_000, waitMs: 15_000 });
  } catch (err) {
    if (err instanceof LockTimeoutError) return skip('merge bucket busy: not merged this time');
    throw err;
  }
}

async function mergeInBucket(ctx: Ctx, batch: PipelineBatch, order: OrderDoc, lines: OrderLine[], fp: string): Promise<MergeOutcome> {
  const settings = (await settingsFor(ctx, batch)).merge;
  const listed = await readBucket(ctx, batch.sellerId, fp);
  const others = (await loadOrders(ctx, listed.filter((id) => id !== order._id))).filter((o) => staysInBucket(o, fp));
  const current = candidateOf({ ...order, hubStatus: 'pending' });
  const plan = planMerge(current, others.map(candidateOf), settings);
  await writeBucket(ctx, batch.sellerId, fp, listed, [...others.map((o) => o._id), order._id].sort());
  if (plan.kind === 'none') {
    if (current.isMaster) return healMaster(ctx, batch, order, lines, plan.reason);
    return skip(plan.reason);
  }

  const masterIsCurrent = plan.masterId === order._id;
  const partnerIds = [...plan.absorb.filter((id) => id !== order._id), ...(plan.masterId && !masterIsCurrent ? [plan.masterId] : [])];
  const res = await withOrders(ctx, batch.sellerId, partnerIds, async (locked) => {
    // Fresh under their locks: anything that changed meanwhile and may no longer merge is left out.
    const ok = (id: string) => {
      const o = locked.get(id);
      return o && mergeBlocker(current, candidateOf(o), settings) === null ? o : undefined;
    };
    const master = plan.masterId && !masterIsCurrent ? ok(plan.masterId) : masterIsCurrent ? { ...order, lines } : null;
    if (master === undefined) return null;
    const partners = plan.absorb.filter((id) => id !== order._id).map(ok).filter((o): o is OrderDoc => o !== undefined);
    const absorb = masterIsCurrent ? partners : [{ ...order, lines }, ...partners];
    if (absorb.length === 0 || (!master && absorb.length < 2)) return null;
    // The master is listed before it is written: a retry after a crash finds and joins it.
    const masterId = master?._id ?? newMasterId(absorb[0]!);
    await writeBucket(ctx, batch.sellerId, fp, [], [...new Set([...others.map((o) => o._id), order._id, masterId])].sort());
    const done = await executeMerge(ctx, { sellerId: batch.sellerId, master, absorb, masterIsCurrent, by: 'pipeline' });
    const gone = new Set(absorb.map((o) => o._id));
    await writeBucket(ctx, batch.sellerId, fp, [], [...new Set([...others.map((o) => o._id), order._id, done.masterId])].filter((id) => !gone.has(id)).sort());
    return { ...done, absorbed: absorb.map((o) => o._id) };
  }, { waitMs: 300, tryOnly: true });
  if (!res) return skip('merge partners busy or changed: not merged this time');
  if (masterIsCurrent) {
    lines.splice(0, lines.length, ...res.lines.map((l) => ({ ...l, skuCode: l.skuCode ?? batch.resolve(l) })));
    return { kind: 'none', trace: [{ step: 'merge', outcome: 'info', detail: `master absorbed ${res.absorbed.join(', ')}` }] };
  }
  return { kind: 'absorbed', into: res.masterId, trace: [{ step: 'merge', outcome: 'chosen', detail: `merged into ${res.masterId} with ${res.absorbed.filter((id) => id !== order._id).join(', ') || 'its open orders'}` }] };
}

/**
 * A master about to be allocated must only carry lines of originals merged into it: lines of any other
 * source (left by a merge that crashed halfway) are dropped before stock is reserved for them.
 */
async function healMaster(ctx: Ctx, batch: PipelineBatch, order: OrderDoc, lines: OrderLine[], reason: string): Promise<MergeOutcome> {
  const sources = await loadOrders(ctx, order.mergeSources ?? []);
  const valid = new Set(sources.filter((o) => o.hubStatus === 'merged' && o.mergedInto === order._id).map((o) => o._id));
  const kept = lines.filter((l) => l.source && valid.has(l.source.orderId));
  if (kept.length === lines.length) return skip(reason);
  const dropped = [...new Set(lines.filter((l) => !kept.includes(l)).map((l) => l.source?.orderId ?? l.lineId))];
  await note(ctx, order._id, { type: 'merge.healed', by: 'pipeline', data: { dropped } }, { lines: kept, mergeSources: [...valid] });
  lines.splice(0, lines.length, ...kept);
  return { kind: 'none', trace: [{ step: 'merge', outcome: 'info', detail: `dropped lines of ${dropped.join(', ')}: not merged into this order` }] };
}
