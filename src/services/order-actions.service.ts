import type { Ctx } from '../context.js';
import type { OrderDoc, ShipmentRecord } from '../db/models/order.model.js';
import { AppError } from '../errors.js';
import { jobIds } from '../queues.js';
import { consumeLotsForShipment } from './inventory/lots-ship.js';
import { deductAll, releaseHeld } from './order-stock.js';
import { transition, withOrder } from './order-writes.js';
import { markStockDirty } from './stock-push-trigger.js';
import { initialPush } from './inventory/tickets-replacement.js';

const skusOf = (o: OrderDoc) => [...new Set(o.reservations.map((r) => r.skuCode))];

/** Cancels an order that has not shipped and releases its reservations. Caller holds the order lock. */
export async function cancelLocked(ctx: Ctx, order: OrderDoc, by: string, reason: string): Promise<OrderDoc> {
  if (order.hubStatus === 'cancelled') return order;
  const next = await transition(ctx, order, {
    to: 'cancelled',
    set: { stockState: 'releasing' },
    entry: { type: 'cancelled', by, data: { reason } },
    refuseWith: 'ORDER_NOT_CANCELLABLE',
  });
  // From the journal and the ledger: this also returns reservations a crashed attempt never recorded.
  const { released } = await releaseHeld(ctx, order);
  await ctx.models.Order.updateOne({ _id: order._id }, { $set: { stockState: 'released' } });
  if (released > 0) await markStockDirty(ctx, order.sellerId, skusOf(order));
  return { ...next, stockState: 'released' };
}

export function cancelOrder(ctx: Ctx, sellerId: string, orderId: string, by: string, reason: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, (o) => cancelLocked(ctx, o, by, reason));
}

/** Puts a held order back into the pipeline (CS has fixed what was wrong). */
export function releaseOrder(ctx: Ctx, sellerId: string, orderId: string, by: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    if (o.intercepted) throw new AppError('ORDER_INTERCEPTED', `order ${o._id} was intercepted: confirm the parcel is back on the shelf (POST /v1/orders/${o._id}/restock)`);
    if (o.hubStatus !== 'on_hold') throw new AppError('ORDER_NOT_RELEASABLE', `order ${o._id} is ${o.hubStatus}: only held orders can be released`, { status: o.hubStatus });
    const next = await transition(ctx, o, {
      to: 'pending',
      set: { holds: [] },
      entry: { type: 'released', by, data: { holds: o.holds.map((h) => h.code) } },
    });
    await ctx.jobs.add('pipeline', { sellerId, orderIds: [orderId] }, { jobId: jobIds.pipeline(orderId, String(next.timeline.length)) });
    return next;
  });
}

/** The warehouse starts picking (the waybill is printed): from now on a refund intercepts instead of cancelling. */
export function startPicking(ctx: Ctx, sellerId: string, orderId: string, input: { waybillNumber?: string }, by: string): Promise<OrderDoc> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    if (o.hubStatus === 'picking') return o;
    if (o.intercepted) throw new AppError('ORDER_INTERCEPTED', `order ${o._id} was intercepted`);
    if (o.hubStatus !== 'allocated') throw new AppError('ORDER_NOT_PICKABLE', `order ${o._id} is ${o.hubStatus}: only allocated orders can be picked`, { status: o.hubStatus });
    return transition(ctx, o, {
      to: 'picking',
      set: input.waybillNumber ? { waybillNumber: input.waybillNumber } : {},
      entry: { type: 'picking', by, data: { waybillNumber: input.waybillNumber ?? null } },
    });
  });
}

export interface ShipInput {
  trackingNumber: string;
  courierCode: string;
}

/**
 * Ships an allocated order in one parcel: records the intent, deducts the reserved stock (idempotent keys),
 * marks it shipped and queues the tracking write-back. Shipping again with the same tracking number
 * answers the existing shipment.
 */
export function shipOrder(ctx: Ctx, sellerId: string, orderId: string, input: ShipInput, by: string): Promise<{ order: OrderDoc; shipment: ShipmentRecord; created: boolean }> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    const existing = o.shipments.find((s) => s.trackingNumber === input.trackingNumber);
    if (existing) return { order: o, shipment: existing, created: false };
    if (o.intercepted) {
      throw new AppError('ORDER_INTERCEPTED', `order ${o._id} was refunded or cancelled on the platform after picking started: stop the parcel`, { reason: o.intercepted.reason });
    }
    if (o.hubStatus !== 'allocated' && o.hubStatus !== 'picking') {
      throw new AppError('ORDER_NOT_SHIPPABLE', `order ${o._id} is ${o.hubStatus}: only allocated or picking orders can ship`, { status: o.hubStatus });
    }
    const courier = await ctx.models.Courier.findOne({ sellerId, code: input.courierCode }).lean();
    if (!courier) throw new AppError('UNKNOWN_COURIER', `courier ${input.courierCode} is not configured`);
    const at = ctx.now();
    const shipment: ShipmentRecord = {
      shipmentId: `${o._id}:1`,
      trackingNumber: input.trackingNumber,
      courierCode: input.courierCode,
      lines: o.lines.filter((l) => l.quantity - l.refundedQuantity > 0).map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.refundedQuantity })),
      shippedAt: at,
      push: initialPush(o),
    };
    // The intent is recorded first, so a crash part-way is finished by the sweeper (finishShipment).
    await ctx.models.Order.updateOne({ _id: o._id }, { $set: { stockState: 'deducting', pendingShipment: shipment } });
    const order = await finishShipment(ctx, { ...o, pendingShipment: shipment }, by);
    return { order, shipment, created: true };
  });
}

/** Deducts, marks shipped and queues the write-back for an order whose shipment intent is recorded. Caller holds the lock. */
export async function finishShipment(ctx: Ctx, o: OrderDoc, by: string): Promise<OrderDoc> {
  const shipment = o.pendingShipment;
  if (!shipment) return o;
  await deductAll(ctx, o.sellerId, o._id, o.reservations);
  await consumeLotsForShipment(ctx, o.sellerId, o._id, o.reservations);
  await releaseHeld(ctx, o, [], { closed: o.reservations });
  const order = await transition(ctx, o, {
    to: 'shipped',
    set: { stockState: 'deducted', shipments: [...o.shipments, shipment], courierCode: shipment.courierCode, pendingShipment: null },
    entry: { type: 'shipped', by, data: { trackingNumber: shipment.trackingNumber, courier: shipment.courierCode } },
    refuseWith: 'ORDER_NOT_SHIPPABLE',
  });
  if (shipment.push.state === 'pending') {
    await ctx.jobs.add('outbound', { kind: 'push-shipment', orderId: o._id, shipmentId: shipment.shipmentId }, {
      jobId: jobIds.pushShipment(o._id, shipment.shipmentId),
    });
  }
  await markStockDirty(ctx, o.sellerId, skusOf(o));
  return order;
}
