import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { OrderLine } from '../../domain/order.js';
import { isDuplicateKeyError } from '../../errors.js';
import { jobIds } from '../../queues.js';
import { note, transition } from '../order-writes.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { loadOrders } from './bucket.js';
import { masterLinesOf, newMasterDoc, sumAmounts } from './master.js';
import { releaseForRework } from './release-stock.js';

export interface MergeExecInput {
  sellerId: string;
  /** The existing master (locked, fresh), or null: a new master (newMasterId of absorb[0]) is made. */
  master: OrderDoc | null;
  /** The originals to absorb (each locked by someone in this call chain, fresh). */
  absorb: OrderDoc[];
  /** The master is the order the pipeline is deciding right now: it is not re-enqueued, the caller carries on with the lines. */
  masterIsCurrent: boolean;
  by: string;
}

/** A new master's id: from the first original and its history, so a retry finds it and a later merge never reuses it. */
export const newMasterId = (first: Pick<OrderDoc, '_id' | 'timeline'>) => `${first._id}-m${first.timeline.length}`;

/**
 * Applies a merge. Order of writes (each step safe to repeat after a crash): stock of the absorbed orders
 * released → master written (new, or its lines replaced: lines of sources no longer merged into it are
 * dropped) → each original becomes `merged` → the master is enqueued for the pipeline.
 */
export async function executeMerge(ctx: Ctx, input: MergeExecInput): Promise<{ masterId: string; lines: OrderLine[] }> {
  const { absorb, by } = input;
  const absorbIds = new Set(absorb.map((o) => o._id));
  const masterId = input.master?._id ?? newMasterId(absorb[0]!);
  const released = new Map<string, Partial<OrderDoc>>();
  const dirty: string[] = [];
  for (const o of absorb) {
    const r = await releaseForRework(ctx, o);
    released.set(o._id, r.set);
    dirty.push(...r.skus);
  }

  let master = input.master;
  // Lines the master keeps: those of sources still merged into it (a crashed attempt may have left others).
  const keptSources = master ? (await loadOrders(ctx, (master.mergeSources ?? []).filter((id) => !absorbIds.has(id))))
    .filter((o) => o.hubStatus === 'merged' && o.mergedInto === masterId) : [];
  const keptIds = new Set(keptSources.map((o) => o._id));
  const lines = [
    ...(master?.lines ?? []).filter((l) => l.source && keptIds.has(l.source.orderId)),
    ...absorb.flatMap((o) => masterLinesOf(o)),
  ];
  const sources = [...keptSources, ...absorb];
  const set: Partial<OrderDoc> = { lines, mergeSources: sources.map((o) => o._id), amounts: sumAmounts(sources) };

  if (!master) {
    try {
      await ctx.models.Order.collection.insertOne(newMasterDoc(masterId, absorb[0]!, sources, lines, ctx.now(), by) as never);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // A crashed earlier attempt made it: bring it up to date below.
      master = await ctx.models.Order.findById(masterId).lean<OrderDoc>();
    }
  }
  if (master) {
    const entry = { type: 'merge.joined', by, data: { sources: set.mergeSources, added: [...absorbIds] } };
    if (master.hubStatus === 'pending') {
      await note(ctx, masterId, entry, set);
    } else {
      // allocated or audited: its reservations no longer match its lines; it goes through the pipeline again.
      const r = await releaseForRework(ctx, master);
      dirty.push(...r.skus);
      await transition(ctx, master, { to: 'pending', set: { ...set, ...r.set }, entry });
    }
  }

  for (const o of absorb) {
    await transition(ctx, o, {
      to: 'merged',
      set: { ...released.get(o._id), mergedInto: masterId },
      entry: { type: 'merged', by, data: { into: masterId } },
    });
  }
  ctx.log.info({ sellerId: input.sellerId, masterId, absorbed: [...absorbIds] }, 'orders merged');
  if (!input.masterIsCurrent) {
    const rev = createHash('sha1').update((set.mergeSources ?? []).join(',')).digest('hex').slice(0, 12);
    await ctx.jobs.add('pipeline', { sellerId: input.sellerId, orderIds: [masterId] }, { jobId: jobIds.pipeline(masterId, `merge-${rev}`) });
  }
  if (dirty.length > 0) await markStockDirty(ctx, input.sellerId, [...new Set(dirty)]);
  return { masterId, lines };
}
