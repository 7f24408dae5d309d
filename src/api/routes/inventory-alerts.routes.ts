import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { AlertDoc } from '../../db/models/inventory-alert.model.js';
import { evaluateAlerts } from '../../services/inventory/alerts-evaluate.js';
import { deleteAlertRule, putAlertRule } from '../../services/inventory/alerts-rules.js';
import { keyset, pageQueryFields } from '../pagination.js';
import { code, listQuery, page, pageFilter, who } from './inventory-shared.routes.js';

const rulePages = keyset(['skuCode', '_id']);

const alertView = (a: AlertDoc) => ({
  id: a._id, ruleId: a.ruleId, episode: a.episode, skuCode: a.skuCode, warehouseId: a.warehouseId, status: a.status, threshold: a.threshold,
  availableAtRaise: a.availableAtRaise, suggestion: a.suggestion, raisedAt: a.raisedAt, resolvedAt: a.resolvedAt ?? null,
  availableAtResolve: a.availableAtResolve ?? null, updatedAt: a.updatedAt,
});

export const inventoryAlertRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['inventory: low-stock alerts'];
  app.put('/v1/inventory/alert-rules', {
    schema: {
      tags, summary: 'Set the low-stock threshold of a SKU (over all warehouses, or in one)',
      body: z.object({
        skuCode: code, warehouseCode: code.optional(), threshold: z.number().int().min(0).max(1_000_000_000),
        leadTimeDays: z.number().int().min(0).max(365).default(7), coverDays: z.number().int().min(0).max(365).default(14),
      }).strict(),
    },
  }, async (req) => {
    const { sellerId, by } = who(req);
    const r = await putAlertRule(ctx, sellerId, by, req.body);
    return { id: r._id, skuCode: r.skuCode, warehouseId: r.warehouseId, threshold: r.threshold, leadTimeDays: r.leadTimeDays, coverDays: r.coverDays, updatedBy: r.updatedBy, updatedAt: r.updatedAt };
  });

  app.get('/v1/inventory/alert-rules', { schema: { tags, querystring: z.object({ skuCode: code.optional(), ...pageQueryFields }).strict() } }, async (req) => {
    const filter: Record<string, unknown> = { sellerId: who(req).sellerId, ...rulePages.after(req.query.cursor) };
    if (req.query.skuCode) filter.skuCode = req.query.skuCode;
    const rules = await ctx.models.InventoryAlertRule.find(filter).sort(rulePages.sort).limit(req.query.limit + 1).lean();
    return rulePages.page(rules, req.query.limit, (r) => ({ id: r._id, skuCode: r.skuCode, warehouseId: r.warehouseId, threshold: r.threshold, leadTimeDays: r.leadTimeDays, coverDays: r.coverDays, updatedBy: r.updatedBy, updatedAt: r.updatedAt }));
  });

  app.delete('/v1/inventory/alert-rules', { schema: { tags, querystring: z.object({ skuCode: code, warehouseCode: code.optional() }).strict() } }, async (req, reply) => {
    await deleteAlertRule(ctx, who(req).sellerId, req.query.skuCode, req.query.warehouseCode);
    return reply.status(204).send();
  });

  app.get('/v1/inventory/alerts', {
    schema: { tags, summary: 'Low-stock alerts (status open or resolved) with their replenishment suggestion', querystring: listQuery.extend({ skuCode: code.optional() }) },
  }, async (req) => {
    const extra = req.query.skuCode ? { skuCode: req.query.skuCode } : {};
    const items = await ctx.models.InventoryAlert.find(pageFilter(who(req).sellerId, req.query, extra)).sort({ updatedAt: 1, _id: 1 }).limit(req.query.limit).lean<AlertDoc[]>();
    return page(items, req.query.limit, alertView);
  });

  app.post('/v1/inventory/alerts/evaluate', {
    schema: { tags, summary: 'Re-evaluate the rules now (raises on a crossing below, re-arms when back above)', body: z.object({ skuCodes: z.array(code).min(1).max(5000).optional() }).strict().nullish() },
  }, async (req) => {
    const res = await evaluateAlerts(ctx, who(req).sellerId, req.body?.skuCodes);
    return { raised: res.raised.map(alertView), resolved: res.resolved };
  });
};
