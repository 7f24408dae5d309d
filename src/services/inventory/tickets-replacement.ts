import type { Ctx } from '../../context.js';
import type { OrderDoc, ShipmentRecord } from '../../db/models/order.model.js';
import type { TicketDoc } from '../../db/models/inventory-ticket.model.js';
import { nextStatus } from '../../domain/inventory-aftersales.js';
import { freshOrderState, type OrderLine } from '../../domain/order.js';
import { AppError, isDuplicateKeyError, notFound } from '../../errors.js';
import { jobIds } from '../../queues.js';
import { appendEvents } from '../events.js';
import { withDocLock } from './common.js';
import { loadTicket } from './tickets.js';

/** The replacement order's id and platform order id derive from the ticket: one replacement per ticket. */
export const replacementOrderId = (ticketId: string) => `ord_${ticketId}`;
export const REPLACEMENT_PLATFORM_STATUS = 'aftersales_replacement';

/** A new shipment's write-back state: an after-sales replacement is the seller's own parcel, never written back. */
export function initialPush(o: Pick<OrderDoc, 'platformStatus'>): ShipmentRecord['push'] {
  return o.platformStatus === REPLACEMENT_PLATFORM_STATUS
    ? { state: 'not_applicable', attempts: 0, reason: 'after-sales replacement: the platform has no order to write tracking back to' }
    : { state: 'pending', attempts: 0 };
}

function replacementDoc(o: OrderDoc, t: TicketDoc, by: string, now: Date): OrderDoc {
  const lines: OrderLine[] = t.replacementLines.map((l, i) => ({
    lineId: `${t._id}-${i + 1}`, platformSku: l.skuCode, skuCode: l.skuCode, title: `${t.type} for ${o.platformOrderId}`,
    quantity: l.quantity, unitPrice: '0.00', refundedQuantity: 0,
  }));
  return {
    _id: replacementOrderId(t._id), sellerId: o.sellerId, shopId: o.shopId, platform: o.platform,
    platformOrderId: `${o.platformOrderId}~${t.type}~${t._id}`, platformStatus: REPLACEMENT_PLATFORM_STATUS, platformState: 'paid',
    platformCreatedAt: now, platformUpdatedAt: now, currency: o.currency, buyer: o.buyer, address: o.address, lines,
    amounts: { subtotal: '0.00', shipping: '0.00', tax: '0.00', discount: '0.00', total: '0.00' },
    remarks: { seller: `${t.type} of order ${o._id}, ticket ${t._id}` },
    ...freshOrderState(),
    timeline: [{ at: now, type: 'created', by, data: { ticketId: t._id, originalOrderId: o._id, kind: t.type } }],
    createdAt: now, updatedAt: now,
  };
}

/**
 * Creates the replacement order of an exchange or resend ticket and sends it through the pipeline, as an
 * imported order would be. Idempotent: the order id derives from the ticket and the pipeline job id from
 * the order, so a retry creates and enqueues nothing new.
 */
export async function createReplacement(ctx: Ctx, sellerId: string, id: string, by: string): Promise<{ ticket: TicketDoc; orderId: string }> {
  return withDocLock(ctx, `ticket:${id}`, async () => {
    const t = await loadTicket(ctx, sellerId, id);
    if (t.type === 'return') throw new AppError('INVENTORY_INVALID_STATE', `ticket ${id} is a return: it has no replacement`);
    if (t.status === 'cancelled') throw new AppError('INVENTORY_INVALID_STATE', `ticket ${id} is cancelled`);
    const orderId = replacementOrderId(t._id);
    const original = await ctx.models.Order.findOne({ _id: t.orderId, sellerId }).lean<OrderDoc>();
    if (!original) throw notFound('order', t.orderId);
    const now = ctx.now();
    try {
      await ctx.models.Order.collection.insertOne(replacementDoc(original, t, by, now) as never);
      await appendEvents(ctx.models, [{ _id: `order.created:${orderId}`, sellerId, type: 'order.created', subject: { kind: 'order', id: orderId }, data: { ticketId: t._id, originalOrderId: original._id, kind: t.type } }], now);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // created by an earlier attempt
    }
    await ctx.jobs.add('pipeline', { sellerId, orderIds: [orderId] }, { jobId: jobIds.pipeline(orderId, 'aftersales') });
    if (t.replacementOrderId === orderId) return { ticket: t, orderId };
    const status = nextStatus(t.type, { received: Boolean(t.receipt), replacement: true });
    const entry = { at: now, type: 'replacement.created', by, data: { orderId } };
    await ctx.models.InventoryTicket.updateOne({ _id: id }, { $set: { replacementOrderId: orderId, status, updatedAt: now }, $push: { timeline: entry } });
    ctx.log.info({ ticketId: id, orderId }, 'replacement order created');
    return { ticket: { ...t, replacementOrderId: orderId, status, timeline: [...t.timeline, entry], updatedAt: now }, orderId };
  });
}

export async function cancelTicket(ctx: Ctx, sellerId: string, id: string, by: string): Promise<TicketDoc> {
  return withDocLock(ctx, `ticket:${id}`, async () => {
    const t = await loadTicket(ctx, sellerId, id);
    if (t.status === 'cancelled') return t;
    if (t.receipt || t.replacementOrderId) throw new AppError('INVENTORY_INVALID_STATE', `ticket ${id} has a received return or a replacement: it cannot be cancelled`);
    const now = ctx.now();
    const entry = { at: now, type: 'cancelled', by };
    await ctx.models.InventoryTicket.updateOne({ _id: id }, { $set: { status: 'cancelled', updatedAt: now }, $push: { timeline: entry } });
    return { ...t, status: 'cancelled', timeline: [...t.timeline, entry], updatedAt: now };
  });
}
