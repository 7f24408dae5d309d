import type { NormalizedRefund } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { OrderDoc } from '../db/models/order.model.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import type { OrderLine } from '../domain/order.js';
import { appendEvents } from './events.js';
import { ticketFromPlatformRefund } from './inventory/tickets.js';
import { shippedAfterSales } from './inventory/tickets-parcels.js';
import { orderIdFor } from './ingest-orders.js';
import { note, withOrder } from './order-writes.js';
import { interceptLocked } from './refund-interception.service.js';

const acting = new Set(['approved', 'succeeded']);

/** Applies the refunded quantities to the lines; returns the new lines and whether nothing is left to ship. */
export function applyRefundLines(lines: readonly OrderLine[], r: NormalizedRefund): { lines: OrderLine[]; full: boolean } {
  const next = lines.map((l) => {
    if (!r.lines) return { ...l, refundedQuantity: l.quantity };
    const qty = r.lines.filter((x) => x.lineId === l.lineId).reduce((a, x) => a + x.quantity, 0);
    return { ...l, refundedQuantity: Math.min(l.quantity, l.refundedQuantity + qty) };
  });
  return { lines: next, full: next.every((l) => l.refundedQuantity >= l.quantity) };
}

/**
 * Refund interception, first version: a refund that goes through on an order not yet shipped cancels it
 * (whole order) or takes the refunded lines out and re-allocates (part of it); after shipment it is noted
 * for after-sales. Each platform refund is applied once (its id is remembered on the order).
 */
export async function ingestRefunds(ctx: Ctx, shop: ShopDoc, refunds: readonly NormalizedRefund[]): Promise<number> {
  if (refunds.length === 0) return 0;
  const pids = [...new Set(refunds.map((r) => r.platformOrderId))];
  const orders = await Promise.all(pids.map((pid) => ctx.models.Order.findById(orderIdFor(shop._id, pid), { platformOrderId: 1 }).lean()));
  const idOf = new Map(orders.filter((o) => o !== null).map((o) => [o.platformOrderId, o._id]));
  let applied = 0;
  for (const r of refunds) {
    const orderId = idOf.get(r.platformOrderId);
    if (!orderId) continue; // unknown order: the next order pull brings it, and the refund window overlaps
    const done = await withOrder(ctx, shop.sellerId, orderId, (o) => applyOne(ctx, shop, o, r));
    if (done) applied++;
  }
  return applied;
}

async function applyOne(ctx: Ctx, shop: ShopDoc, o: OrderDoc, r: NormalizedRefund): Promise<boolean> {
  const shipped = await shippedAfterSales(ctx, o); // a split or merged order: when all its parcels have shipped
  // After shipment every state of a return/refund request reaches its after-sales ticket (requested, approved,
  // succeeded, rejected …): the ticket's refund status follows the platform's.
  if (shipped && (o.refundIds.includes(r.platformRefundId) || !acting.has(r.state))) {
    await ticketFromPlatformRefund(ctx, o.sellerId, { orderId: o._id, platformRefundId: r.platformRefundId, state: r.state, lines: r.lines, reason: r.reason });
    return false;
  }
  if (!acting.has(r.state) || o.refundIds.includes(r.platformRefundId)) return false;
  const by = `refund:${shop.platform}`;
  const { lines, full } = applyRefundLines(o.lines, r);
  const data = { platformRefundId: r.platformRefundId, amount: r.amount ?? null, full };
  await note(ctx, o._id, { type: 'refund.received', by, data }, { lines, refundIds: [...o.refundIds, r.platformRefundId] });
  await appendEvents(ctx.models, [{ _id: `refund.received:${o._id}:${r.platformRefundId}`, sellerId: o.sellerId, type: 'refund.received', subject: { kind: 'order', id: o._id }, data }], ctx.now());
  const current: OrderDoc = { ...o, lines, refundIds: [...o.refundIds, r.platformRefundId] };
  await interceptLocked(ctx, current, { full, reason: `refunded on ${shop.platform} (${r.platformRefundId})`, platformRefundId: r.platformRefundId, lines: r.lines, platformState: r.state }, by);
  return true;
}
