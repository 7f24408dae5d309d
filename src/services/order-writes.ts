import type { Ctx } from '../context.js';
import type { OrderDoc, TimelineEntry } from '../db/models/order.model.js';
import { canTransition } from '../domain/lifecycle.js';
import type { HubStatus } from '../domain/order.js';
import { AppError, notFound, type ErrorCode } from '../errors.js';
import { appendEvents } from './events.js';
import { bulkUpdate } from './pipeline/update-gate.js';

/**
 * Runs `fn` with the order loaded under its lock. Every writer of an order document goes through here:
 * the store may not apply updates atomically, so writers of one order are serialized.
 */
export async function withOrder<T>(ctx: Ctx, sellerId: string, orderId: string, fn: (o: OrderDoc) => Promise<T>): Promise<T> {
  return ctx.locks.withLock(`order:${orderId}`, async () => {
    // By `_id` alone (the store uses no other index on FerretDB), then checked for the seller.
    const order = await ctx.models.Order.findById(orderId).lean<OrderDoc>();
    if (!order || order.sellerId !== sellerId) throw notFound('order', orderId);
    return fn(order);
  }, { ttlMs: 30_000, waitMs: 20_000 });
}

export interface TransitionInput {
  to: HubStatus;
  /** An intermediate status passed through in the same write (e.g. pending → audited → allocated). */
  via?: { status: HubStatus; entry: Omit<TimelineEntry, 'at'> };
  set?: Partial<OrderDoc>;
  entry: Omit<TimelineEntry, 'at'>;
  /** Error code when the transition is not allowed from the order's status. */
  refuseWith?: ErrorCode;
}

/**
 * Applies a lifecycle transition (refused with a reason when the table does not allow it), with its timeline
 * entries and events, in one order write.
 */
export async function transition(ctx: Ctx, order: OrderDoc, t: TransitionInput): Promise<OrderDoc> {
  return (await transitionMany(ctx, [{ order, t }]))[0]!;
}

/**
 * `transition` for many orders (each under its caller's lock): the order writes in chunked bulk writes, their
 * events in one insert. Every transition is checked before anything is written.
 */
export async function transitionMany(ctx: Ctx, items: readonly { order: OrderDoc; t: TransitionInput }[]): Promise<OrderDoc[]> {
  const at = ctx.now();
  const planned = items.map(({ order, t }) => {
    const hops: { from: HubStatus; to: HubStatus; entry: Omit<TimelineEntry, 'at'> }[] = t.via
      ? [{ from: order.hubStatus, to: t.via.status, entry: t.via.entry }, { from: t.via.status, to: t.to, entry: t.entry }]
      : [{ from: order.hubStatus, to: t.to, entry: t.entry }];
    for (const h of hops) {
      if (h.from !== h.to && !canTransition(h.from, h.to)) {
        throw new AppError(t.refuseWith ?? 'CONFLICT', `order ${order._id} is ${h.from}: it cannot become ${h.to}`, { status: order.hubStatus });
      }
    }
    const entries: TimelineEntry[] = hops.map((h) => ({ ...h.entry, at, data: { ...(h.entry.data ?? {}), from: h.from, to: h.to } }));
    return { order, t, hops, entries };
  });
  const ops = planned.map(({ order, t, entries }) => ({
    updateOne: { filter: { _id: order._id }, update: { $set: { ...(t.set ?? {}), hubStatus: t.to, updatedAt: at }, $push: { timeline: { $each: entries } } } },
  }));
  if (ops.length === 1) await ctx.models.Order.updateOne(ops[0]!.updateOne.filter, ops[0]!.updateOne.update);
  else await bulkUpdate(ctx.models.Order, ops, { ordered: true }); // chunked, and gated against FerretDB's update hang
  await appendEvents(ctx.models, planned.flatMap(({ order, hops }) => hops.map((h, i) => ({
    _id: `order.${h.to}:${order._id}:${order.timeline.length + i}`,
    sellerId: order.sellerId,
    type: `order.${h.to}`,
    subject: { kind: 'order' as const, id: order._id },
    data: { by: h.entry.by, type: h.entry.type, ...(h.entry.data ? { detail: h.entry.data } : {}) },
  }))), at);
  return planned.map(({ order, t, entries }) => ({ ...order, ...(t.set ?? {}), hubStatus: t.to, timeline: [...order.timeline, ...entries], updatedAt: at }));
}

/** Adds a timeline entry without a status change. */
export async function note(ctx: Ctx, orderId: string, entry: Omit<TimelineEntry, 'at'>, set: Partial<OrderDoc> = {}): Promise<void> {
  const at = ctx.now();
  await ctx.models.Order.updateOne({ _id: orderId }, { $set: { ...set, updatedAt: at }, $push: { timeline: { ...entry, at } } });
}
