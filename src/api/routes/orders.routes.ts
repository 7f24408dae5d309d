import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { hubStatuses } from '../../domain/order.js';
import { notFound } from '../../errors.js';
import { cancelOrder, releaseOrder, shipOrder } from '../../services/order-actions.service.js';
import { searchOrders } from '../../services/order-search.js';
import { sellerOf } from '../auth.js';
import { actor } from './order-cs.routes.js';
import { afterCursor, encodeCursor } from '../pagination.js';

const idParams = z.object({ id: z.string().min(1) });

export function orderView(o: OrderDoc, withTimeline = false) {
  return {
    id: o._id, shopId: o.shopId, platform: o.platform, platformOrderId: o.platformOrderId, platformStatus: o.platformStatus,
    hubStatus: o.hubStatus, holds: o.holds, buyer: o.buyer, address: o.address ?? null, lines: o.lines, amounts: o.amounts,
    currency: o.currency, warehouseId: o.warehouseId ?? null, courierCode: o.courierCode ?? null, reservations: o.reservations,
    shipments: o.shipments, platformCreatedAt: o.platformCreatedAt, platformUpdatedAt: o.platformUpdatedAt, createdAt: o.createdAt, updatedAt: o.updatedAt,
    ...(withTimeline ? { timeline: o.timeline, lastRun: o.lastRun ?? null } : {}),
  };
}

export const orderRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'order');
  const list = (onlyHeld: boolean) => async (req: { query: { q?: string; status?: string; shopId?: string; updatedSince?: Date; minAgeMinutes?: number; reason?: string; cursor?: string; limit: number }; seller: unknown }) => {
    const seller = sellerOf(req as never);
    if (req.query.q !== undefined && !onlyHeld) return { items: (await searchOrders(ctx, seller._id, req.query.q, req.query.limit)).map((o) => orderView(o)), nextCursor: null };
    const filter: Record<string, unknown> = { sellerId: seller._id, ...afterCursor(req.query.cursor) };
    if (onlyHeld) filter.hubStatus = 'on_hold';
    else if (req.query.status) filter.hubStatus = req.query.status;
    if (req.query.shopId) filter.shopId = req.query.shopId;
    if (req.query.reason) filter['holds.code'] = req.query.reason;
    if (req.query.updatedSince) filter.updatedAt = { $gte: req.query.updatedSince };
    // Age in the exception queue: held for at least this many minutes.
    if (req.query.minAgeMinutes) filter.updatedAt = { ...(filter.updatedAt as object), $lte: new Date(ctx.now().getTime() - req.query.minAgeMinutes * 60_000) };
    const items = await ctx.models.Order.find(filter, { timeline: 0 }).sort({ updatedAt: 1, _id: 1 }).limit(req.query.limit).lean<OrderDoc[]>();
    const last = items.at(-1);
    return { items: items.map((o) => orderView(o)), nextCursor: last && items.length === req.query.limit ? encodeCursor(last.updatedAt, last._id) : null };
  };
  const listQuery = z.object({
    /** Search: exact platform order number, buyer or recipient phone, tracking or waybill number (other filters are ignored). */
    q: z.string().trim().min(3).max(100).optional(),
    status: z.enum(hubStatuses).optional(),
    shopId: z.string().optional(),
    reason: z.string().optional(),
    updatedSince: z.coerce.date().optional(),
    minAgeMinutes: z.coerce.number().int().min(1).max(525_600).optional(),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }).strict();

  app.get('/v1/orders', { schema: { tags: ['orders'], summary: 'List orders (oldest change first, cursor pagination)', querystring: listQuery } }, list(false) as never);
  app.get('/v1/exceptions', { schema: { tags: ['orders'], summary: 'Held orders with their reason codes', querystring: listQuery.omit({ status: true, q: true }) } }, list(true) as never);

  app.get('/v1/orders/:id', { schema: { tags: ['orders'], params: idParams } }, async (req) => {
    const o = await ctx.models.Order.findOne({ _id: req.params.id, sellerId: sellerOf(req)._id }).lean<OrderDoc>();
    if (!o) throw notFound('order', req.params.id);
    return orderView(o, true);
  });

  app.post('/v1/orders/:id/ship', { preHandler: owns,
    schema: {
      tags: ['orders'],
      summary: 'Ship an allocated order: deducts stock and queues the tracking write-back',
      params: idParams,
      body: z.object({ trackingNumber: z.string().trim().min(4).max(64).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes only'), courierCode: z.string().min(1) }).strict(),
    },
  }, async (req, reply) => {
    const seller = sellerOf(req);
    const res = await shipOrder(ctx, seller._id, req.params.id, req.body, actor(req, seller._id));
    return reply.status(res.created ? 201 : 200).send({ order: orderView(res.order), shipment: res.shipment });
  });

  app.post('/v1/orders/:id/release', { preHandler: owns, schema: { tags: ['orders'], summary: 'Release a held order back into the pipeline', params: idParams } }, async (req) => {
    const seller = sellerOf(req);
    return orderView(await releaseOrder(ctx, seller._id, req.params.id, actor(req, seller._id)));
  });

  app.post('/v1/orders/:id/cancel', { preHandler: owns,
    schema: { tags: ['orders'], params: idParams, body: z.object({ reason: z.string().trim().min(1).max(500) }).strict().nullish() },
  }, async (req) => {
    const seller = sellerOf(req);
    return orderView(await cancelOrder(ctx, seller._id, req.params.id, actor(req, seller._id), req.body?.reason ?? 'cancelled by seller'));
  });
};
