import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { reconcileStock } from '../../services/stock-reconcile.js';
import { adjustStock } from '../../services/stock.service.js';
import { sellerOf } from '../auth.js';
import { keyset, pageQueryFields } from '../pagination.js';

const levelPages = keyset(['skuCode', 'warehouseId', '_id']);

export const stockRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.post('/v1/stock/adjustments', {
    schema: {
      tags: ['stock'],
      summary: 'Adjust on-hand stock by a delta or set it; retried with the same idempotency key it applies once',
      body: z.object({
        warehouseCode: z.string().min(1),
        skuCode: z.string().min(1),
        mode: z.enum(['delta', 'set']),
        quantity: z.number().int().min(-1_000_000_000).max(1_000_000_000),
        reason: z.string().trim().min(1).max(500),
        idempotencyKey: z.string().min(1).max(200),
      }).strict().refine((b) => b.mode === 'set' || b.quantity !== 0, { message: 'a delta of 0 changes nothing', path: ['quantity'] }),
    },
  }, async (req, reply) => {
    const res = await adjustStock(ctx, sellerOf(req)._id, req.body);
    return reply.status(res.replayed ? 200 : 201).send(res);
  });

  app.get('/v1/stock/reconciliation', {
    schema: { tags: ['stock'], summary: 'Recompute every level from the ledger and report drift (reads only)' },
  }, async (req) => {
    const drifts = await reconcileStock(ctx.models, sellerOf(req)._id);
    return { ok: drifts.length === 0, drifts };
  });

  app.get('/v1/stock', {
    schema: { tags: ['stock'], querystring: z.object({ skuCode: z.string().optional(), warehouseId: z.string().optional(), ...pageQueryFields }).strict() },
  }, async (req) => {
    const filter: Record<string, unknown> = { sellerId: sellerOf(req)._id, ...levelPages.after(req.query.cursor) };
    if (req.query.skuCode) filter.skuCode = req.query.skuCode;
    if (req.query.warehouseId) filter.warehouseId = req.query.warehouseId;
    const levels = await ctx.models.StockLevel.find(filter).sort(levelPages.sort).limit(req.query.limit + 1).lean();
    return levelPages.page(levels, req.query.limit, (l) => ({ skuCode: l.skuCode, warehouseId: l.warehouseId, onHand: l.onHand, reserved: l.reserved, available: l.available, updatedAt: l.updatedAt }));
  });

  app.get('/v1/stock/movements', {
    schema: {
      tags: ['stock'],
      querystring: z.object({
        skuCode: z.string().optional(),
        warehouseId: z.string().optional(),
        after: z.string().optional().describe('cursor: the last movement id of the previous page'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }).strict(),
    },
  }, async (req) => {
    const filter: Record<string, unknown> = { sellerId: sellerOf(req)._id };
    if (req.query.skuCode) filter.skuCode = req.query.skuCode;
    if (req.query.warehouseId) filter.warehouseId = req.query.warehouseId;
    if (req.query.after) {
      const prev = await ctx.models.StockMovement.findOne({ _id: req.query.after, sellerId: sellerOf(req)._id }, { at: 1 }).lean();
      if (prev) filter.$or = [{ at: { $gt: prev.at } }, { at: prev.at, _id: { $gt: prev._id } }];
    }
    const items = await ctx.models.StockMovement.find(filter).sort({ at: 1, _id: 1 }).limit(req.query.limit).lean();
    return {
      items: items.map((m) => ({
        id: m._id, skuCode: m.skuCode, warehouseId: m.warehouseId, type: m.type, onHandDelta: m.onHandDelta, reservedDelta: m.reservedDelta,
        onHandAfter: m.onHandAfter, reservedAfter: m.reservedAfter, reference: m.reference, reason: m.reason ?? null, at: m.at,
      })),
      next: items.length === req.query.limit ? items.at(-1)!._id : null,
    };
  });
};
