import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { assertOwned, ownsParam } from '../ownership.js';
import { cancelOrder, releaseOrder, startPicking } from '../../services/order-actions.service.js';
import { addNote, assignOrder, bulk, editAddress, mapLineSku } from '../../services/cs-actions.service.js';
import { confirmBackOnShelf } from '../../services/refund-interception.service.js';
import { sellerOf } from '../auth.js';
import { orderView } from './orders.routes.js';

const idParams = z.object({ id: z.string().min(1) });
const text = z.string().trim().min(1).max(500);
const address = z.object({
  name: z.string().trim().min(1).max(200), phone: z.string().max(50), line1: z.string().trim().min(1).max(300), line2: z.string().max(300),
  city: z.string().trim().min(1).max(100), region: z.string().max(100), postalCode: z.string().max(20), country: z.string().length(2),
}).partial().strict().refine((a) => Object.keys(a).length > 0, 'give at least one address field');
const assignment = z.object({ warehouseCode: z.string().min(1).nullable(), courierCode: z.string().min(1).nullable() }).partial().strict()
  .refine((a) => Object.keys(a).length > 0, 'give warehouseCode and/or courierCode (null clears)');

/** Who acts: the X-Actor header (a CS agent's name) on top of the seller's API key. */
export function actor(req: { headers: Record<string, unknown> }, sellerId: string): string {
  const h = req.headers['x-actor'];
  return typeof h === 'string' && /^[\w.@ -]{1,80}$/.test(h) ? `cs:${h}` : `api:${sellerId}`;
}

/** The exception queue's actions for customer service, one order at a time or in bulk; every action is on the timeline. */
export const orderCsRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'order');
  const tags = ['exceptions'];
  app.patch('/v1/orders/:id/address', { preHandler: owns, schema: { tags, summary: 'Edit the shipping address (before allocation)', params: idParams, body: address } }, async (req) => {
    const s = sellerOf(req);
    return orderView(await editAddress(ctx, s._id, req.params.id, req.body, actor(req, s._id)));
  });
  app.put('/v1/orders/:id/lines/:lineId/sku', { preHandler: owns,
    schema: { tags, summary: 'Map a line to an internal SKU (remember: also map the listing)', params: z.object({ id: z.string().min(1), lineId: z.string().min(1) }), body: z.object({ skuCode: z.string().min(1), remember: z.boolean().optional() }).strict() },
  }, async (req) => {
    const s = sellerOf(req);
    return orderView(await mapLineSku(ctx, s._id, req.params.id, req.params.lineId, req.body, actor(req, s._id)));
  });
  app.put('/v1/orders/:id/assignment', { preHandler: owns, schema: { tags, summary: 'Pin the warehouse and/or courier for the next run', params: idParams, body: assignment } }, async (req) => {
    const s = sellerOf(req);
    return orderView(await assignOrder(ctx, s._id, req.params.id, req.body, actor(req, s._id)));
  });
  app.post('/v1/orders/:id/notes', { preHandler: owns, schema: { tags, params: idParams, body: z.object({ text }).strict() } }, async (req, reply) => {
    const s = sellerOf(req);
    await addNote(ctx, s._id, req.params.id, req.body.text, actor(req, s._id));
    return reply.status(201).send({ ok: true });
  });
  app.post('/v1/orders/:id/pick', { preHandler: owns,
    schema: { tags: ['warehouse'], summary: 'Start picking (waybill printed): refunds now intercept the parcel', params: idParams, body: z.object({ waybillNumber: z.string().trim().min(4).max(64) }).strict().nullish() },
  }, async (req) => {
    const s = sellerOf(req);
    return orderView(await startPicking(ctx, s._id, req.params.id, { waybillNumber: req.body?.waybillNumber }, actor(req, s._id)));
  });
  app.post('/v1/orders/:id/restock', { preHandler: owns, schema: { tags, summary: 'Confirm an intercepted parcel is back on the shelf', params: idParams } }, async (req) => {
    const s = sellerOf(req);
    return orderView(await confirmBackOnShelf(ctx, s._id, req.params.id, actor(req, s._id)));
  });
  app.post('/v1/exceptions/bulk', {
    schema: {
      tags,
      summary: 'Run one action on many orders; each succeeds or fails on its own',
      body: z.discriminatedUnion('action', [
        z.object({ action: z.literal('release'), orderIds: z.array(z.string().min(1)).min(1).max(200) }).strict(),
        z.object({ action: z.literal('cancel'), orderIds: z.array(z.string().min(1)).min(1).max(200), reason: text }).strict(),
        z.object({ action: z.literal('note'), orderIds: z.array(z.string().min(1)).min(1).max(200), text }).strict(),
        z.object({ action: z.literal('assign'), orderIds: z.array(z.string().min(1)).min(1).max(200), warehouseCode: z.string().min(1).nullable().optional(), courierCode: z.string().min(1).nullable().optional() }).strict(),
      ]),
    },
  }, async (req) => {
    const s = sellerOf(req);
    const by = actor(req, s._id);
    const b = req.body;
    const ids = [...new Set(b.orderIds)];
    const results = await bulk(ids, async (id) => {
      await assertOwned(ctx, 'order', s._id, id);
      switch (b.action) {
        case 'release': return releaseOrder(ctx, s._id, id, by);
        case 'cancel': return cancelOrder(ctx, s._id, id, by, b.reason);
        case 'note': return addNote(ctx, s._id, id, b.text, by);
        case 'assign': return assignOrder(ctx, s._id, id, { warehouseCode: b.warehouseCode, courierCode: b.courierCode }, by);
      }
    });
    return { results, ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
  });
};
