import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { TicketDoc } from '../../db/models/inventory-ticket.model.js';
import { initialStatus, ticketLines, type TicketType } from '../../domain/inventory-aftersales.js';
import { AppError, isDuplicateKeyError, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { appendEvents } from '../events.js';
import { idFromKey, requireSkus, withDocLock } from './common.js';
import { parcelsFor, refundRoot } from './tickets-parcels.js';
import { returnableLines } from '../../domain/aftersales-parcels.js';

export interface TicketInput {
  type: TicketType;
  orderId: string;
  lines: { lineId: string; quantity: number }[];
  /** For an exchange: what to send instead (default: the same SKUs). */
  replacementLines?: { skuCode: string; quantity: number }[];
  reason?: string;
  returnTrackingNumber?: string;
  idempotencyKey?: string;
}

export async function loadTicket(ctx: Ctx, sellerId: string, id: string): Promise<TicketDoc> {
  const t = await ctx.models.InventoryTicket.findOne({ _id: id, sellerId }).lean<TicketDoc>();
  if (!t) throw notFound('ticket', id);
  return t;
}

/** Creates a ticket (by CS, or from a platform refund); a retried create with the same key answers the first. */
export async function createTicket(
  ctx: Ctx, sellerId: string, by: string, input: TicketInput,
  origin: { source: 'cs' | 'platform'; platformRefundId?: string; refundStatus?: string } = { source: 'cs' },
): Promise<{ ticket: TicketDoc; replayed: boolean }> {
  const order = await ctx.models.Order.findOne({ _id: input.orderId, sellerId }).lean<OrderDoc>();
  if (!order) throw notFound('order', input.orderId);
  const check = ticketLines(order.lines, input.lines);
  if (!check.ok) throw new AppError('VALIDATION_FAILED', check.message);
  const replacementLines = input.type === 'return' ? [] : (input.replacementLines ?? check.lines.map((l) => ({ skuCode: l.skuCode, quantity: l.quantity })));
  await requireSkus(ctx, sellerId, replacementLines.map((l) => l.skuCode));
  // The parcels that shipped these lines: the order's own, or its split children's, or its master's (合单).
  const parcels = await parcelsFor(ctx, order);
  const now = ctx.now();
  const dedupeKey = origin.platformRefundId ? `refund:${origin.platformRefundId}` : input.idempotencyKey;
  const ticket: TicketDoc = {
    _id: dedupeKey ? idFromKey('tkt', sellerId, dedupeKey) : newId('tkt', now),
    sellerId, type: input.type, status: initialStatus(input.type), orderId: order._id, shopId: order.shopId,
    source: origin.source, dedupeKey, platformRefundId: origin.platformRefundId, refundStatus: origin.refundStatus ?? 'none',
    reason: input.reason, returnTrackingNumber: input.returnTrackingNumber, lines: check.lines, replacementLines, flags: [], parcels,
    timeline: [{ at: now, type: 'created', by, data: { source: origin.source } }], createdBy: by, createdAt: now, updatedAt: now,
  };
  try {
    await ctx.models.InventoryTicket.collection.insertOne(ticket as never);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const first = await loadTicket(ctx, sellerId, ticket._id);
    if (first.orderId !== ticket.orderId || first.type !== ticket.type) throw new AppError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${dedupeKey} was used for a different ticket`);
    return { ticket: first, replayed: true };
  }
  await appendEvents(ctx.models, [{ _id: `aftersales.ticket_created:${ticket._id}`, sellerId, type: 'aftersales.ticket_created', subject: { kind: 'ticket', id: ticket._id }, data: { type: ticket.type, orderId: order._id, source: origin.source } }], now);
  ctx.log.info({ ticketId: ticket._id, orderId: order._id, type: ticket.type }, 'after-sales ticket created');
  return { ticket, replayed: false };
}

export interface PlatformRefundInput {
  orderId: string;
  platformRefundId: string;
  state: string;
  /** Refunded lines; absent: the whole order. */
  lines?: { lineId: string; quantity: number }[];
  reason?: string;
  returnTrackingNumber?: string;
}

/**
 * A platform refund/return of a shipped order: the first time it opens a return ticket, later its state is
 * copied to the ticket (the ticket's refund status follows the platform's).
 */
export async function ticketFromPlatformRefund(ctx: Ctx, sellerId: string, r: PlatformRefundInput): Promise<TicketDoc> {
  const id = idFromKey('tkt', sellerId, `refund:${r.platformRefundId}`);
  return withDocLock(ctx, `ticket:${id}`, () => fromRefundLocked(ctx, sellerId, id, r));
}

async function fromRefundLocked(ctx: Ctx, sellerId: string, id: string, r: PlatformRefundInput): Promise<TicketDoc> {
  const existing = await ctx.models.InventoryTicket.findOne({ _id: id, sellerId }).lean<TicketDoc>();
  if (existing) return followRefundStatus(ctx, existing, r.state);
  // A refund passed on to a split child or a master belongs to the platform order it was made on.
  const orderId = await refundRoot(ctx, sellerId, r.orderId, r.lines);
  const order = await ctx.models.Order.findOne({ _id: orderId, sellerId }).lean<OrderDoc>();
  if (!order) throw notFound('order', r.orderId);
  // What shipped of the refunded lines; an order with no parcel keeps the refund's lines (or all of its own).
  const shipped = returnableLines(await parcelsFor(ctx, order), r.lines);
  const lines = shipped.length > 0 ? shipped : r.lines ?? order.lines.filter((l) => l.skuCode).map((l) => ({ lineId: l.lineId, quantity: l.quantity }));
  const { ticket } = await createTicket(ctx, sellerId, `refund:${r.platformRefundId}`, { type: 'return', orderId, lines, reason: r.reason, returnTrackingNumber: r.returnTrackingNumber }, { source: 'platform', platformRefundId: r.platformRefundId, refundStatus: r.state });
  return ticket.refundStatus === r.state ? ticket : followRefundStatus(ctx, ticket, r.state);
}

async function followRefundStatus(ctx: Ctx, t: TicketDoc, state: string): Promise<TicketDoc> {
  if (t.refundStatus === state) return t;
  const now = ctx.now();
  const entry = { at: now, type: 'refund.status', by: `refund:${t.platformRefundId ?? 'platform'}`, data: { from: t.refundStatus, to: state } };
  await ctx.models.InventoryTicket.updateOne({ _id: t._id }, { $set: { refundStatus: state, updatedAt: now }, $push: { timeline: entry } });
  await appendEvents(ctx.models, [{ _id: `aftersales.refund_status:${t._id}:${state}`, sellerId: t.sellerId, type: 'aftersales.refund_status', subject: { kind: 'ticket', id: t._id }, data: { refundStatus: state } }], now);
  return { ...t, refundStatus: state, timeline: [...t.timeline, entry], updatedAt: now };
}
