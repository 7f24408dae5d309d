import type { Ctx } from '../context.js';
import type { OrderDoc, TimelineEntry } from '../db/models/order.model.js';
import { holdReasons } from '../domain/order.js';
import { AppError } from '../errors.js';
import { refundActionFor } from '../domain/refund-interception.js';
import { jobIds } from '../queues.js';
import { appendEvents } from './events.js';
import { ticketFromPlatformRefund } from './inventory/tickets.js';
import { shippedAfterSales } from './inventory/tickets-parcels.js';
import { unmergeLocked } from './merge-split/unmerge.js';
import { cancelLocked } from './order-actions.service.js';
import { releaseHeld } from './order-stock.js';
import { note, transition, withOrder } from './order-writes.js';
import { markStockDirty } from './stock-push-trigger.js';

export interface RefundNotice {
  /** Nothing is left to ship once it applies. */
  full: boolean;
  reason: string;
  platformRefundId?: string;
  /** Refunded lines (platform line ids); absent: the whole order. */
  lines?: { lineId: string; quantity: number }[];
  platformState?: string;
}

/**
 * Applies a refund or platform cancellation to an order whose lines already carry the refunded quantities,
 * according to where the order stands (see refundActionFor). Caller holds the order's lock.
 */
export async function interceptLocked(ctx: Ctx, o: OrderDoc, n: RefundNotice, by: string): Promise<void> {
  const parcelsShipped = (o.hubStatus === 'merged' || o.hubStatus === 'split') && await shippedAfterSales(ctx, o);
  const action = refundActionFor(o.hubStatus, n.full, { intercepted: Boolean(o.intercepted), parcelsShipped });
  switch (action) {
    case 'cancel':
      await cancelLocked(ctx, o, by, n.reason);
      return;
    case 'update_lines':
      return; // the lines are saved; the pipeline (or CS's release) works with what is left
    case 'reallocate':
      await reallocate(ctx, o, {}, { type: 'reallocate', by, data: { reason: n.reason } });
      return;
    case 'intercept': {
      const at = ctx.now();
      await transition(ctx, o, {
        to: 'on_hold',
        set: {
          holds: [{ code: 'INTERCEPTED', message: `${holdReasons.INTERCEPTED} (${n.reason})` }],
          intercepted: { at, reason: n.reason, full: n.full, platformRefundId: n.platformRefundId },
        },
        entry: { type: 'intercepted', by, data: { reason: n.reason, full: n.full, waybillNumber: o.waybillNumber ?? null } },
      });
      ctx.log.warn({ orderId: o._id, platformOrderId: o.platformOrderId, waybillNumber: o.waybillNumber }, 'parcel intercepted after picking started');
      return;
    }
    case 'keep_intercepted':
      // Still intercepted: the parcel is stopped but not confirmed back; only /restock releases its stock.
      if (n.full && o.intercepted && !o.intercepted.full) {
        await note(ctx, o._id, { type: 'interception.widened', by, data: { reason: n.reason } }, { intercepted: { ...o.intercepted, full: true } });
      }
      return;
    case 'after_sales':
      await note(ctx, o._id, { type: 'refund.after_shipment', by, data: { platformRefundId: n.platformRefundId ?? null } });
      if (n.platformRefundId) {
        await ticketFromPlatformRefund(ctx, o.sellerId, { orderId: o._id, platformRefundId: n.platformRefundId, state: n.platformState ?? 'approved', lines: n.lines, reason: n.reason });
      }
      return;
    case 'to_children':
      for (const childId of o.children ?? []) {
        await withOrder(ctx, o.sellerId, childId, async (child) => {
          const lines = child.lines.map((l) => {
            const sourceLine = l.source?.lineId ?? l.lineId;
            if (!n.lines) return { ...l, refundedQuantity: l.quantity };
            const qty = n.lines.filter((x) => x.lineId === sourceLine).reduce((a, x) => a + x.quantity, 0);
            return { ...l, refundedQuantity: Math.min(l.quantity, l.refundedQuantity + qty) };
          });
          if (lines.every((l, i) => l.refundedQuantity === child.lines[i]!.refundedQuantity)) return;
          await note(ctx, child._id, { type: 'refund.received', by, data: { parent: o._id, platformRefundId: n.platformRefundId ?? null } }, { lines });
          await interceptLocked(ctx, { ...child, lines }, { ...n, full: lines.every((l) => l.refundedQuantity >= l.quantity) }, by);
        });
      }
      return;
    case 'unmerge':
      await note(ctx, o._id, { type: 'refund.on_merged', by, data: { mergedInto: o.mergedInto ?? null, platformRefundId: n.platformRefundId ?? null } });
      await unmergeLocked(ctx, o, n, by);
      return;
    case 'none':
      return;
  }
}

/** CS confirms an intercepted parcel is back on the shelf: release its stock and cancel, or re-allocate what is left. */
export async function confirmBackOnShelf(ctx: Ctx, sellerId: string, orderId: string, by: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    if (o.hubStatus !== 'on_hold' || !o.intercepted) {
      throw new AppError('ORDER_NOT_RELEASABLE', `order ${o._id} is not an intercepted parcel`, { status: o.hubStatus });
    }
    const full = o.lines.every((l) => l.refundedQuantity >= l.quantity);
    await appendEvents(ctx.models, [{ _id: `order.restocked:${o._id}:${o.timeline.length}`, sellerId, type: 'order.restocked', subject: { kind: 'order', id: o._id }, data: { by } }], ctx.now());
    if (full) return cancelLocked(ctx, { ...o, intercepted: null }, by, `intercepted parcel back on the shelf (${o.intercepted.reason})`);
    return reallocate(ctx, o, { holds: [], intercepted: null }, { type: 'restocked', by, data: { reason: o.intercepted.reason } });
  });
}

/** Gives an order's stock back and sends what is left of it through the pipeline again. Caller holds the lock. */
async function reallocate(ctx: Ctx, o: OrderDoc, set: Partial<OrderDoc>, entry: Omit<TimelineEntry, 'at'>): Promise<OrderDoc> {
  await releaseHeld(ctx, o);
  const next = await transition(ctx, o, { to: 'pending', set: { reservations: [], stockState: 'released', warehouseId: undefined, ...set }, entry });
  await markStockDirty(ctx, o.sellerId, o.reservations.map((x) => x.skuCode));
  await ctx.jobs.add('pipeline', { sellerId: o.sellerId, orderIds: [o._id] }, { jobId: jobIds.pipeline(o._id, String(next.timeline.length)) });
  return next;
}
