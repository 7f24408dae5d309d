import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { OrderLine } from '../../domain/order.js';
import type { Parcel } from '../../domain/split-plan.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { jobIds } from '../../queues.js';
import { transition } from '../order-writes.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { childDoc } from './children.js';
import { releaseForRework } from './release-stock.js';

/**
 * Applies a split. Order of writes (each safe to repeat): the parcels are journaled on the parent (a retry
 * reuses them) → the parent's stock released → the children inserted under deterministic ids → the parent
 * becomes `split` → the children are enqueued. Caller holds the parent's lock. Returns the child ids.
 */
export async function executeSplit(ctx: Ctx, parent: OrderDoc, lines: OrderLine[], parcels: Parcel[], by: string): Promise<string[]> {
  await ctx.models.Order.updateOne({ _id: parent._id }, { $set: { splitPlan: { parcels }, lines } });
  const released = await releaseForRework(ctx, parent);
  const now = ctx.now();
  const docs = parcels.map((p, i) => childDoc(parent, lines, p, i, now, by));
  for (const doc of docs) await insertChild(ctx, doc);
  const childIds = docs.map((d) => d._id);
  await transition(ctx, parent, {
    to: 'split',
    set: { ...released.set, lines, children: childIds, holds: [] },
    entry: { type: 'split', by, data: { children: childIds, parcels: parcels.map((p) => ({ lines: p.lines, why: p.why })) } },
  });
  await ctx.jobs.add('pipeline', { sellerId: parent.sellerId, orderIds: childIds }, { jobId: jobIds.pipeline(parent._id, `split-${parent.timeline.length}`) });
  if (released.skus.length > 0) await markStockDirty(ctx, parent.sellerId, released.skus);
  ctx.log.info({ sellerId: parent.sellerId, orderId: parent._id, children: childIds }, 'order split');
  return childIds;
}

/**
 * Inserts a child. One left by a crashed attempt is kept when it is the same parcel, replaced when it differs
 * but has not moved yet (pending, no stock), and refused otherwise (a child already in the warehouse flow is never rewritten).
 */
async function insertChild(ctx: Ctx, doc: OrderDoc): Promise<void> {
  try {
    await ctx.models.Order.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    await ctx.locks.withLock(`order:${doc._id}`, async () => {
      const old = await ctx.models.Order.findById(doc._id).lean<OrderDoc>();
      if (!old) throw err;
      const shape = (o: OrderDoc) => o.lines.map((l) => `${l.lineId}x${l.quantity}`).join(',');
      if (old.splitFrom === doc.splitFrom && shape(old) === shape(doc)) return; // the same child, made by an earlier attempt
      if (old.hubStatus !== 'pending' || old.stockState !== 'none' || (old.stockKeys?.length ?? 0) > 0) {
        throw new AppError('CONFLICT', `child order ${doc._id} of an earlier split is already ${old.hubStatus}`, { status: old.hubStatus });
      }
      await ctx.models.Order.collection.replaceOne({ _id: doc._id } as never, doc as never);
    }, { ttlMs: 30_000, waitMs: 5_000 });
  }
}
