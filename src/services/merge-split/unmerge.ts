import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { HubStatus } from '../../domain/order.js';
import { notFound } from '../../errors.js';
import { jobIds } from '../../queues.js';
import { cancelLocked } from '../order-actions.service.js';
import { transition, withOrder } from '../order-writes.js';
import { interceptLocked, type RefundNotice } from '../refund-interception.service.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { loadOrders } from './bucket.js';
import { sumAmounts } from './master.js';
import { releaseForRework } from './release-stock.js';

/** Master statuses from which an original's lines can still be taken out. */
const reworkable: readonly HubStatus[] = ['pending', 'audited', 'on_hold', 'allocated'];

export type UnmergeResult = { kind: 'unmerged'; masterId: string; masterStatus: HubStatus } | { kind: 'too_late'; masterId: string } | { kind: 'not_merged' };

/**
 * A refund hit an original absorbed into a master (合单). Caller holds the original's lock (the refund
 * handler's withOrder); the original's lines already carry the refunded quantities. If the master has not
 * been released to the warehouse, the original's lines leave it (its stock is released and it is re-run,
 * or cancelled when nothing is left) and the original comes back as pending: cancelled when fully refunded,
 * otherwise enqueued for the pipeline. Too late (picking or shipped): the refund is applied to the master's
 * lines instead and the master is intercepted or opens an after-sales case (see interceptLocked).
 */
export async function unmergeLocked(ctx: Ctx, absorbed: OrderDoc, n: RefundNotice | undefined, by: string): Promise<UnmergeResult> {
  const masterId = absorbed.mergedInto;
  if (absorbed.hubStatus !== 'merged' || !masterId) return { kind: 'not_merged' };
  const outcome = await ctx.locks.withLock(`order:${masterId}`, async (): Promise<UnmergeResult> => {
    const master = await ctx.models.Order.findById(masterId).lean<OrderDoc>();
    if (!master) return { kind: 'unmerged', masterId, masterStatus: 'cancelled' };
    if (!reworkable.includes(master.hubStatus)) {
      await refundOnMaster(ctx, master, absorbed, n, by);
      return { kind: 'too_late', masterId };
    }
    const r = await releaseForRework(ctx, master);
    const lines = master.lines.filter((l) => l.source?.orderId !== absorbed._id);
    const mergeSources = (master.mergeSources ?? []).filter((id) => id !== absorbed._id);
    const entry = { type: 'merge.removed', by, data: { orderId: absorbed._id, reason: n?.reason ?? 'un-merged' } };
    const to: HubStatus = lines.length === 0 ? 'cancelled' : 'pending';
    const amounts = mergeSources.length > 0 ? sumAmounts(await loadOrders(ctx, mergeSources)) : master.amounts;
    const next = await transition(ctx, master, { to, set: { ...r.set, lines, mergeSources, amounts, holds: [] }, entry });
    if (to === 'pending') {
      await ctx.jobs.add('pipeline', { sellerId: master.sellerId, orderIds: [masterId] }, { jobId: jobIds.pipeline(masterId, `unmerge-${next.timeline.length}`) });
    }
    if (r.skus.length > 0) await markStockDirty(ctx, master.sellerId, r.skus);
    return { kind: 'unmerged', masterId, masterStatus: to };
  }, { ttlMs: 30_000, waitMs: 20_000 });
  if (outcome.kind !== 'unmerged') return outcome;

  const back = await transition(ctx, absorbed, {
    to: 'pending',
    set: { mergedInto: null },
    entry: { type: 'unmerged', by, data: { from: masterId, reason: n?.reason ?? 'un-merged' } },
  });
  const fully = back.lines.every((l) => l.refundedQuantity >= l.quantity);
  if (n?.full || fully) {
    await cancelLocked(ctx, back, by, n?.reason ?? 'refunded');
  } else {
    await ctx.jobs.add('pipeline', { sellerId: back.sellerId, orderIds: [back._id] }, { jobId: jobIds.pipeline(back._id, `unmerged-${back.timeline.length}`) });
  }
  ctx.log.info({ sellerId: absorbed.sellerId, orderId: absorbed._id, masterId }, 'order un-merged');
  return outcome;
}

/** The master already left for the warehouse: its copies of the original's lines take the refunded quantities. */
async function refundOnMaster(ctx: Ctx, master: OrderDoc, absorbed: OrderDoc, n: RefundNotice | undefined, by: string): Promise<void> {
  const refunded = new Map(absorbed.lines.map((l) => [l.lineId, l.refundedQuantity]));
  const lines = master.lines.map((l) => (l.source?.orderId === absorbed._id
    ? { ...l, refundedQuantity: Math.min(l.quantity, Math.max(l.refundedQuantity, refunded.get(l.source.lineId) ?? 0)) }
    : l));
  await ctx.models.Order.updateOne({ _id: master._id }, { $set: { lines, updatedAt: ctx.now() } });
  const full = lines.every((l) => l.refundedQuantity >= l.quantity);
  await interceptLocked(ctx, { ...master, lines }, { ...(n ?? { reason: `refund on merged order ${absorbed._id}` }), full }, by);
}

/** The same, for a caller that does not hold the original's lock. */
export async function unmergeForRefund(ctx: Ctx, absorbedOrderId: string, by = 'refund'): Promise<UnmergeResult> {
  const head = await ctx.models.Order.findById(absorbedOrderId, { sellerId: 1 }).lean();
  if (!head) throw notFound('order', absorbedOrderId);
  return withOrder(ctx, head.sellerId, absorbedOrderId, (o) => unmergeLocked(ctx, o, undefined, by));
}

