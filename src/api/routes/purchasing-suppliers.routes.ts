import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { SupplierPriceDoc } from '../../db/models/purchasing-supplier-price.model.js';
import type { SupplierDoc } from '../../db/models/purchasing-supplier.model.js';
import { fromMinor, toMinor } from '../../domain/purchasing-money.js';
import { loadSupplier } from '../../services/purchasing/common.js';
import { supplierPayables } from '../../services/purchasing/payables.js';
import { supplierScores, suppliersForSku } from '../../services/purchasing/supplier-score.js';
import { createSupplier, setSupplierPrices, supplierPrices, updateSupplier } from '../../services/purchasing/suppliers.js';
import { payablesView, priceView, supplierView } from '../../services/purchasing/views.js';
import { sellerOf } from '../auth.js';
import { afterCursor, encodeCursor, keyset, pageOfArray, pageQueryFields } from '../pagination.js';
import { actorOf, currency, idParams, listLimit, money, paymentTerms, positiveQuantity, tolerance } from './purchasing-common.routes.js';

const pageQuery = z.object(pageQueryFields).strict();
const pricePages = keyset(['skuCode', '_id']);
const code = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const contact = z.object({
  name: z.string().max(200).optional(), phone: z.string().max(50).optional(), email: z.string().max(200).optional(), address: z.string().max(500).optional(),
}).strict();
const supplierFields = {
  name: z.string().trim().min(1).max(200),
  contact: contact.optional(),
  currency,
  paymentTerms,
  leadTimeDays: z.number().int().min(0).max(365),
  overReceiptTolerance: tolerance.optional(),
  notes: z.string().max(2000).optional(),
};

export const purchasingSupplierRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'supplier');
  const withScore = async (sellerId: string, s: SupplierDoc) => supplierView(s, (await supplierScores(ctx, sellerId, [s._id])).get(s._id));

  app.post('/v1/suppliers', { schema: { tags: ['purchasing'], summary: 'Create a supplier', body: z.object({ code, ...supplierFields }).strict() } }, async (req, reply) => {
    const sellerId = sellerOf(req)._id;
    return reply.status(201).send(await withScore(sellerId, await createSupplier(ctx, sellerId, req.body, actorOf(req))));
  });

  app.get('/v1/suppliers', {
    schema: { tags: ['purchasing'], querystring: z.object({ active: z.enum(['true', 'false']).optional(), cursor: z.string().optional(), limit: listLimit }).strict() },
  }, async (req) => {
    const sellerId = sellerOf(req)._id;
    const filter: Record<string, unknown> = { sellerId, ...afterCursor(req.query.cursor) };
    if (req.query.active) filter.active = req.query.active === 'true';
    const items = await ctx.models.Supplier.find(filter).sort({ updatedAt: 1, _id: 1 }).limit(req.query.limit).lean<SupplierDoc[]>();
    const scores = await supplierScores(ctx, sellerId, items.map((s) => s._id));
    const last = items.at(-1);
    return { items: items.map((s) => supplierView(s, scores.get(s._id))), nextCursor: last && items.length === req.query.limit ? encodeCursor(last.updatedAt, last._id) : null };
  });

  app.get('/v1/suppliers/:id', { schema: { tags: ['purchasing'], params: idParams } }, async (req) => {
    const sellerId = sellerOf(req)._id;
    const s = await loadSupplier(ctx, sellerId, req.params.id);
    return { ...(await withScore(sellerId, s)), prices: (await supplierPrices(ctx, sellerId, s._id)).map(priceView) };
  });

  app.patch('/v1/suppliers/:id', { preHandler: owns,
    schema: { tags: ['purchasing'], params: idParams, body: z.object({ ...supplierFields, active: z.boolean() }).partial().strict() },
  }, async (req) => {
    const sellerId = sellerOf(req)._id;
    return withScore(sellerId, await updateSupplier(ctx, sellerId, req.params.id, req.body, actorOf(req)));
  });

  app.put('/v1/suppliers/:id/prices', { preHandler: owns,
    schema: {
      tags: ['purchasing'], summary: "Set the supplier's quoted prices for some SKUs (others are kept)", params: idParams,
      body: z.object({
        prices: z.array(z.object({ skuCode: z.string().min(1), unitPrice: money, minOrderQty: positiveQuantity.optional(), supplierSku: z.string().max(100).optional() }).strict()).min(1).max(500),
      }).strict(),
    },
  }, async (req) => {
    const prices = req.body.prices.map(({ unitPrice, ...p }) => ({ ...p, unitPriceMinor: toMinor(unitPrice) }));
    return { items: (await setSupplierPrices(ctx, sellerOf(req)._id, req.params.id, prices, actorOf(req))).map(priceView) };
  });

  app.get('/v1/suppliers/:id/prices', { schema: { tags: ['purchasing'], params: idParams, querystring: pageQuery } }, async (req) => {
    const sellerId = sellerOf(req)._id;
    await loadSupplier(ctx, sellerId, req.params.id);
    const docs = await ctx.models.SupplierPrice.find({ sellerId, supplierId: req.params.id, ...pricePages.after(req.query.cursor) }).sort(pricePages.sort).limit(req.query.limit + 1).lean<SupplierPriceDoc[]>();
    return pricePages.page(docs, req.query.limit, priceView);
  });

  app.get('/v1/suppliers/:id/payables', { schema: { tags: ['purchasing'], summary: 'What is owed to the supplier, per PO and in total', params: idParams } }, async (req) => {
    const sellerId = sellerOf(req)._id;
    const s = await loadSupplier(ctx, sellerId, req.params.id);
    const p = await supplierPayables(ctx, sellerId, s._id, s.currency);
    const { schedule: _, ...totals } = payablesView({ ...p.totals, schedule: [] });
    return { supplierId: s._id, currency: p.currency, totals, orders: p.orders.map((o) => ({ poId: o.po._id, status: o.po.status, ...payablesView(o.summary) })) };
  });

  app.get('/v1/purchasing/sku-suppliers/:skuCode', {
    schema: { tags: ['purchasing'], summary: 'Suppliers quoting a SKU, best first (score, price, lead time)', params: z.object({ skuCode: z.string().min(1) }), querystring: pageQuery },
  }, async (req) => {
    const cands = await suppliersForSku(ctx, sellerOf(req)._id, req.params.skuCode);
    // Ranked in memory (score, price, lead time): paged by position in the ranking.
    return pageOfArray(cands.map((c) => ({
      supplierId: c.supplier._id, code: c.supplier.code, name: c.supplier.name, currency: c.supplier.currency,
      unitPrice: fromMinor(c.unitPriceMinor), minOrderQty: c.minOrderQty, leadTimeDays: c.leadTimeDays, score: c.score, scoreDetail: c.detail,
    })), req.query);
  });
};
