import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { AppError } from '../../errors.js';
import { createCourier, createSku, createWarehouse } from '../../services/catalog.service.js';
import { requireSkus } from '../../services/inventory/common.js';
import { sellerOf } from '../auth.js';
import { keyset, pageQueryFields } from '../pagination.js';

const pageQuery = z.object(pageQueryFields).strict();
const warehousePages = keyset(['priority', 'code', '_id']);
const byCode = keyset(['code', '_id']);

const code = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const name = z.string().trim().min(1).max(200);

export const catalogRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.post('/v1/warehouses', {
    schema: { tags: ['catalog'], body: z.object({ code, name, region: z.string().max(100).optional(), priority: z.number().int().min(0).max(10_000).optional() }).strict() },
  }, async (req, reply) => {
    const w = await createWarehouse(ctx, sellerOf(req)._id, req.body);
    return reply.status(201).send({ id: w._id, code: w.code, name: w.name, region: w.region ?? null, priority: w.priority });
  });
  app.get('/v1/warehouses', { schema: { tags: ['catalog'], querystring: pageQuery } }, async (req) => {
    const items = await ctx.models.Warehouse.find({ sellerId: sellerOf(req)._id, ...warehousePages.after(req.query.cursor) }).sort(warehousePages.sort).limit(req.query.limit + 1).lean();
    return warehousePages.page(items, req.query.limit, (w) => ({ id: w._id, code: w.code, name: w.name, region: w.region ?? null, priority: w.priority }));
  });

  app.post('/v1/skus', {
    schema: {
      tags: ['catalog'],
      body: z.object({
        code, name, weight: z.number().int().min(0).optional(),
        /** A combo/bundle SKU: ships as these components (known SKUs), quantities per one combo. */
        components: z.array(z.object({ skuCode: code, quantity: z.number().int().min(1).max(10_000) }).strict()).min(1).max(50).optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const parts = req.body.components?.map((c) => c.skuCode) ?? [];
    if (parts.includes(req.body.code)) throw new AppError('VALIDATION_FAILED', 'a combo SKU cannot contain itself');
    if (parts.length) await requireSkus(ctx, sellerOf(req)._id, parts);
    const s = await createSku(ctx, sellerOf(req)._id, req.body);
    return reply.status(201).send({ id: s._id, code: s.code, name: s.name, weight: s.weight ?? null, components: s.components ?? null });
  });
  app.get('/v1/skus', { schema: { tags: ['catalog'], querystring: pageQuery } }, async (req) => {
    const items = await ctx.models.Sku.find({ sellerId: sellerOf(req)._id, ...byCode.after(req.query.cursor) }).sort(byCode.sort).limit(req.query.limit + 1).lean();
    return byCode.page(items, req.query.limit, (s) => ({ id: s._id, code: s.code, name: s.name, weight: s.weight ?? null }));
  });

  app.post('/v1/couriers', {
    schema: { tags: ['catalog'], body: z.object({ code, name, isDefault: z.boolean().optional() }).strict() },
  }, async (req, reply) => {
    const c = await createCourier(ctx, sellerOf(req)._id, req.body);
    return reply.status(201).send({ id: c._id, code: c.code, name: c.name, isDefault: c.isDefault });
  });
  app.get('/v1/couriers', { schema: { tags: ['catalog'], querystring: pageQuery } }, async (req) => {
    const items = await ctx.models.Courier.find({ sellerId: sellerOf(req)._id, ...byCode.after(req.query.cursor) }).sort(byCode.sort).limit(req.query.limit + 1).lean();
    return byCode.page(items, req.query.limit, (c) => ({ id: c._id, code: c.code, name: c.name, isDefault: c.isDefault }));
  });
};
