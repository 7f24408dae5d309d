import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { platforms } from '../../../connectors/types.js';
import type { Ctx } from '../../context.js';
import { checkReplayWindow, queueReplay } from '../../services/count-reconcile.service.js';
import { createShop, getShop, shopView } from '../../services/shops.service.js';
import { deleteShop, pauseShop, resumeShop } from '../../services/shop-lifecycle.service.js';
import { setStockPolicy, stockPolicyView } from '../../services/stock-policy.service.js';
import { AppError } from '../../errors.js';
import { sellerOf } from '../auth.js';
import { keyset, pageQueryFields } from '../pagination.js';

const shopPages = keyset(['createdAt', '_id']);

const idParams = z.object({ id: z.string().min(1) });
const qty = z.number().int().min(0).max(1_000_000);
const stockPolicyBody = z.object({
  warehouseCodes: z.array(z.string().min(1).max(64)).max(100).optional(),
  percent: z.number().min(0).max(100).optional(),
  buffer: qty.optional(),
  min: qty.nullable().optional(),
  max: qty.nullable().optional(),
  delistAtZero: z.boolean().optional(),
}).strict();

export const shopRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.post('/v1/shops', {
    schema: {
      tags: ['shops'],
      summary: 'Connect a shop; credentials are encrypted at rest and never returned',
      body: z.object({
        platform: z.enum(platforms),
        name: z.string().trim().min(1).max(200),
        credentials: z.record(z.string(), z.unknown()),
        apiBaseUrl: z.string().max(2000).url().optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const shop = await createShop(ctx, sellerOf(req)._id, req.body);
    return reply.status(201).send(shopView(shop));
  });

  app.get('/v1/shops', { schema: { tags: ['shops'], summary: 'List shops', querystring: z.object(pageQueryFields).strict() } }, async (req) => {
    const shops = await ctx.models.Shop.find({ sellerId: sellerOf(req)._id, status: { $ne: 'deleted' }, ...shopPages.after(req.query.cursor) }).sort(shopPages.sort).limit(req.query.limit + 1).lean();
    return shopPages.page(shops, req.query.limit, shopView);
  });

  app.get('/v1/shops/:id', { schema: { tags: ['shops'], params: idParams } }, async (req) => shopView(await getShop(ctx, sellerOf(req)._id, req.params.id)));

  app.post('/v1/shops/:id/pause', {
    schema: { tags: ['shops'], summary: 'Stop syncing the shop and pushing to it, until resumed', params: idParams },
  }, async (req) => shopView(await pauseShop(ctx, sellerOf(req)._id, req.params.id)));

  app.post('/v1/shops/:id/resume', {
    schema: { tags: ['shops'], summary: 'Resume a paused shop', params: idParams },
  }, async (req) => shopView(await resumeShop(ctx, sellerOf(req)._id, req.params.id)));

  app.delete('/v1/shops/:id', {
    schema: { tags: ['shops'], summary: 'Delete a shop: its credentials are wiped and its webhook URL retired; its orders are kept', params: idParams },
  }, async (req, reply) => {
    await deleteShop(ctx, sellerOf(req)._id, req.params.id);
    return reply.status(204).send();
  });

  app.post('/v1/shops/:id/sync', {
    schema: { tags: ['shops'], summary: 'Pull orders and refunds now', params: idParams },
  }, async (req, reply) => {
    const shop = await getShop(ctx, sellerOf(req)._id, req.params.id);
    if (shop.status === 'paused' || shop.status === 'deleted') throw new AppError('CONFLICT', `shop ${shop._id} is ${shop.status}: it is not synced`);
    const slot = String(Math.floor(ctx.now().getTime() / 1000));
    await ctx.jobs.add('import', { shopId: shop._id, reason: 'manual' }, { jobId: `import:${shop._id}:manual-${slot}` });
    return reply.status(202).send({ queued: true, shopId: shop._id });
  });

  app.get('/v1/shops/:id/stock-policy', { schema: { tags: ['shops'], params: idParams } }, async (req) => stockPolicyView(ctx, await getShop(ctx, sellerOf(req)._id, req.params.id)));

  app.put('/v1/shops/:id/stock-policy', {
    schema: { tags: ['shops'], summary: 'How the shop\'s listings are fed: warehouses, percentage, buffer, min/max, delist at zero', params: idParams, body: stockPolicyBody },
  }, async (req) => stockPolicyView(ctx, await setStockPolicy(ctx, sellerOf(req)._id, req.params.id, req.body)));

  app.post('/v1/shops/:id/replay', {
    schema: {
      tags: ['shops'], summary: 'Re-pull the orders and refunds changed in a past period (at most 31 days)', params: idParams,
      body: z.object({ since: z.iso.datetime({ offset: true }), until: z.iso.datetime({ offset: true }) }).strict(),
    },
  }, async (req, reply) => {
    const shop = await getShop(ctx, sellerOf(req)._id, req.params.id);
    const since = new Date(req.body.since);
    const until = new Date(req.body.until);
    checkReplayWindow(ctx.now(), since, until);
    const jobId = await queueReplay(ctx, shop._id, since, until, `api-${ctx.now().getTime()}`);
    return reply.status(202).send({ queued: true, shopId: shop._id, since, until, jobId });
  });
};
