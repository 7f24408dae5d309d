import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { assertOwned, ownsParam } from '../ownership.js';
import { mergeByHand, setDoNotMerge } from '../../services/merge-split/merge-manual.js';
import { getSettings, updateSettings } from '../../services/merge-split/settings.js';
import { splitByHand } from '../../services/merge-split/split-manual.js';
import { sellerOf } from '../auth.js';
import { actor } from './order-cs.routes.js';

const idParams = z.object({ id: z.string().min(1) });

const settingsBody = z.object({
  merge: z.object({
    enabled: z.boolean(),
    scope: z.enum(['shop', 'platform']),
    windowMinutes: z.number().int().min(0).max(30 * 24 * 60),
  }).partial().strict().optional(),
  split: z.object({
    byWarehouse: z.boolean(),
    byPresale: z.boolean(),
    allowPartial: z.boolean(),
    maxParcelWeight: z.number().int().positive().nullable(),
  }).partial().strict().optional(),
}).strict();

const parcelsBody = z.object({
  parcels: z.array(z.object({
    lines: z.array(z.object({ lineId: z.string().min(1), quantity: z.number().int().positive() }).strict()).min(1),
  }).strict()).min(2).max(50),
}).strict();

/** 合单 / 拆单: per-seller settings, merge and split by hand, the do-not-merge flag. */
export const mergeSplitRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'order');
  app.get('/v1/settings/merge-split', { schema: { tags: ['orders'], summary: 'Merge (合单) and split (拆单) settings of the seller' } }, async (req) => {
    return getSettings(ctx, sellerOf(req)._id);
  });

  app.put('/v1/settings/merge-split', {
    schema: { tags: ['orders'], summary: 'Change merge/split settings (only the fields given)', body: settingsBody },
  }, async (req) => updateSettings(ctx, sellerOf(req)._id, req.body));

  app.post('/v1/orders/merge', {
    schema: {
      tags: ['orders'],
      summary: 'Merge orders of one buyer and address into one shipment (by hand)',
      body: z.object({ orderIds: z.array(z.string().min(1)).min(2).max(50) }).strict(),
    },
  }, async (req, reply) => {
    const seller = sellerOf(req);
    for (const id of new Set(req.body.orderIds)) await assertOwned(ctx, 'order', seller._id, id);
    return reply.status(201).send(await mergeByHand(ctx, seller._id, req.body.orderIds, actor(req, seller._id)));
  });

  app.post('/v1/orders/:id/split', { preHandler: owns,
    schema: { tags: ['orders'], summary: 'Split an order into parcels (by hand): each line quantity goes to one or more parcels', params: idParams, body: parcelsBody },
  }, async (req, reply) => {
    const seller = sellerOf(req);
    return reply.status(201).send(await splitByHand(ctx, seller._id, req.params.id, req.body.parcels, actor(req, seller._id)));
  });

  app.put('/v1/orders/:id/do-not-merge', { preHandler: owns,
    schema: { tags: ['orders'], summary: 'Set or clear the do-not-merge flag of an order', params: idParams, body: z.object({ doNotMerge: z.boolean() }).strict() },
  }, async (req) => {
    const seller = sellerOf(req);
    return setDoNotMerge(ctx, seller._id, req.params.id, req.body.doNotMerge, actor(req, seller._id));
  });
};
