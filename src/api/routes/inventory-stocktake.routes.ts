import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { StocktakeDoc } from '../../db/models/inventory-stocktake.model.js';
import { openStocktake } from '../../services/inventory/stocktake-open.js';
import { recordCounts, stocktakeView } from '../../services/inventory/stocktake-count.js';
import { approveStocktake, cancelStocktake } from '../../services/inventory/stocktake-approve.js';
import { code, idParams, listQuery, page, pageFilter, who } from './inventory-shared.routes.js';

const summary = (s: StocktakeDoc) => ({
  id: s._id, warehouseId: s.warehouseId, warehouseCode: s.warehouseCode, scope: s.scope, status: s.status, skus: s.lines.length,
  createdBy: s.createdBy, createdAt: s.createdAt, approvedBy: s.approvedBy ?? null, approvedAt: s.approvedAt ?? null, updatedAt: s.updatedAt,
});

export const inventoryStocktakeRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'stocktake');
  const tags = ['inventory: stocktake'];
  app.post('/v1/inventory/stocktakes', {
    schema: {
      tags, summary: 'Open a count of a warehouse (all SKUs or some): snapshots the ledger balance of each',
      body: z.object({ warehouseCode: code, skuCodes: z.array(code).min(1).max(5000).optional(), note: z.string().max(500).optional() }).strict(),
    },
  }, async (req, reply) => {
    const { sellerId, by } = who(req);
    const st = await openStocktake(ctx, sellerId, by, req.body);
    return reply.status(201).send(await stocktakeView(ctx, sellerId, st._id));
  });

  app.get('/v1/inventory/stocktakes', { schema: { tags, querystring: listQuery } }, async (req) => {
    const { sellerId } = who(req);
    const items = await ctx.models.InventoryStocktake.find(pageFilter(sellerId, req.query)).sort({ updatedAt: 1, _id: 1 }).limit(req.query.limit).lean<StocktakeDoc[]>();
    return page(items, req.query.limit, summary);
  });

  app.get('/v1/inventory/stocktakes/:id', { schema: { tags, summary: 'The count with its variance per SKU and the movements since the snapshot', params: idParams } }, async (req) =>
    stocktakeView(ctx, who(req).sellerId, req.params.id));

  app.post('/v1/inventory/stocktakes/:id/counts', { preHandler: owns,
    schema: {
      tags, summary: 'Record scans (add) or recounts (set) of one counter; each entry id counts once', params: idParams,
      body: z.object({
        counter: code,
        entries: z.array(z.object({ entryId: code, skuCode: code, mode: z.enum(['add', 'set']).default('add'), quantity: z.number().int().min(0).max(1_000_000_000) }).strict()).min(1).max(1000),
      }).strict(),
    },
  }, async (req, reply) => {
    const res = await recordCounts(ctx, who(req).sellerId, req.params.id, req.body);
    return reply.status(res.recorded > 0 ? 201 : 200).send(res);
  });

  app.post('/v1/inventory/stocktakes/:id/approve', { preHandler: owns,
    schema: {
      tags, summary: 'Approve: posts counted − snapshot per SKU to the ledger (movements since the snapshot are kept)', params: idParams,
      body: z.object({ uncounted: z.enum(['ignore', 'zero']).default('ignore') }).strict().nullish(),
    },
  }, async (req) => {
    const { sellerId, by } = who(req);
    await approveStocktake(ctx, sellerId, req.params.id, by, { uncountedAsZero: req.body?.uncounted === 'zero' });
    return stocktakeView(ctx, sellerId, req.params.id);
  });

  app.post('/v1/inventory/stocktakes/:id/cancel', { preHandler: owns, schema: { tags, params: idParams } }, async (req) => {
    const { sellerId, by } = who(req);
    return summary(await cancelStocktake(ctx, sellerId, req.params.id, by));
  });
};
