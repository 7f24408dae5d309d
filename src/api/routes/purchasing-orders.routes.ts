import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { toMinor } from '../../domain/purchasing-money.js';
import { poStatuses } from '../../domain/purchasing-status.js';
import { notFound } from '../../errors.js';
import { createPoFromSuggestion } from '../../services/purchasing/from-suggestion.js';
import { createPurchaseOrder } from '../../services/purchasing/orders.js';
import { poPayables } from '../../services/purchasing/payables.js';
import { changePoStatus } from '../../services/purchasing/po-actions.js';
import { editPurchaseOrder } from '../../services/purchasing/po-edit.js';
import { poView } from '../../services/purchasing/views.js';
import { sellerOf } from '../auth.js';
import { afterCursor, encodeCursor } from '../pagination.js';
import {
  actorOf, calendarDay, idempotencyKey, idParams, listLimit, money, parseDay, paymentTerms, positiveQuantity, tolerance,
} from './purchasing-common.routes.js';

const lineBody = z.object({
  skuCode: z.string().min(1).max(64),
  spec: z.string().max(200).optional(),
  quantity: positiveQuantity,
  unitPrice: money.optional().describe("defaults to the supplier's quoted price"),
  expectedDate: calendarDay.optional(),
  warehouseCode: z.string().min(1).optional(),
}).strict();

const suggestionBody = z.object({
  id: z.string().optional(), alertId: z.string().optional(), _id: z.string().optional(),
  skuCode: z.string().min(1).max(64),
  warehouseId: z.string().nullable().optional(), warehouseCode: z.string().optional(),
  quantity: z.number().int().optional(), kind: z.string().optional(), reason: z.string().optional(), supplierId: z.string().optional(),
  suggestion: z.object({ kind: z.string().optional(), quantity: z.number().int().optional(), reason: z.string().optional() }).passthrough().optional(),
}).passthrough();

function toLineInput({ unitPrice, expectedDate, ...l }: z.infer<typeof lineBody>) {
  return {
    ...l,
    ...(unitPrice !== undefined ? { unitPriceMinor: toMinor(unitPrice) } : {}),
    ...(expectedDate ? { expectedDate: parseDay(expectedDate, 'lines.expectedDate')! } : {}),
  };
}

const noteBody = z.object({ note: z.string().max(1000).optional() }).strict().nullish();

export const purchasingOrderRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'purchase order');
  const view = async (po: PurchaseOrderDoc) => poView(po, await poPayables(ctx, po));

  app.post('/v1/purchase-orders', {
    schema: {
      tags: ['purchasing'], summary: 'Create a draft purchase order by hand',
      body: z.object({
        supplierId: z.string().min(1), warehouseCode: z.string().min(1).optional(), expectedDate: calendarDay.optional(),
        lines: z.array(lineBody).min(1).max(200), paymentTerms: paymentTerms.optional(), overReceiptTolerance: tolerance.optional(),
        reference: z.string().max(100).optional(), notes: z.string().max(2000).optional(), idempotencyKey: idempotencyKey.optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const b = req.body;
    const { po, created } = await createPurchaseOrder(ctx, sellerOf(req)._id, {
      ...b,
      expectedDate: parseDay(b.expectedDate, 'expectedDate'),
      lines: b.lines.map(toLineInput),
    }, actorOf(req));
    return reply.status(created ? 201 : 200).send(await view(po));
  });

  app.post('/v1/purchase-orders/from-suggestion', {
    schema: {
      tags: ['purchasing'], summary: 'Create a draft purchase order from a low-stock suggestion',
      body: z.object({
        suggestion: suggestionBody, supplierId: z.string().optional(), warehouseCode: z.string().optional(), quantity: positiveQuantity.optional(),
        unitPrice: money.optional(), expectedDate: calendarDay.optional(), idempotencyKey: idempotencyKey.optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const { unitPrice, expectedDate, ...b } = req.body;
    const { po, created } = await createPoFromSuggestion(ctx, sellerOf(req)._id, {
      ...b,
      ...(unitPrice !== undefined ? { unitPriceMinor: toMinor(unitPrice) } : {}),
      ...(expectedDate ? { expectedDate: parseDay(expectedDate, 'expectedDate')! } : {}),
    }, actorOf(req));
    return reply.status(created ? 201 : 200).send(await view(po));
  });

  app.get('/v1/purchase-orders', {
    schema: {
      tags: ['purchasing'],
      querystring: z.object({ status: z.enum(poStatuses).optional(), supplierId: z.string().optional(), cursor: z.string().optional(), limit: listLimit }).strict(),
    },
  }, async (req) => {
    const filter: Record<string, unknown> = { sellerId: sellerOf(req)._id, ...afterCursor(req.query.cursor) };
    if (req.query.status) filter.status = req.query.status;
    if (req.query.supplierId) filter.supplierId = req.query.supplierId;
    const items = await ctx.models.PurchaseOrder.find(filter, { history: 0 }).sort({ updatedAt: 1, _id: 1 }).limit(req.query.limit).lean<PurchaseOrderDoc[]>();
    const last = items.at(-1);
    return {
      items: items.map((po) => { const { history: _, ...v } = poView({ ...po, history: [] }); return v; }),
      nextCursor: last && items.length === req.query.limit ? encodeCursor(last.updatedAt, last._id) : null,
    };
  });

  app.get('/v1/purchase-orders/:id', { schema: { tags: ['purchasing'], params: idParams } }, async (req) => {
    const po = await ctx.models.PurchaseOrder.findOne({ _id: req.params.id, sellerId: sellerOf(req)._id }).lean<PurchaseOrderDoc>();
    if (!po) throw notFound('purchase order', req.params.id);
    return view(po);
  });

  app.patch('/v1/purchase-orders/:id', { preHandler: owns,
    schema: {
      tags: ['purchasing'], summary: 'Edit a draft purchase order (lines are replaced whole)', params: idParams,
      body: z.object({
        warehouseCode: z.string().min(1).optional(), expectedDate: calendarDay.optional(), lines: z.array(lineBody).min(1).max(200).optional(),
        overReceiptTolerance: tolerance.optional(), reference: z.string().max(100).optional(), notes: z.string().max(2000).optional(),
      }).strict(),
    },
  }, async (req) => {
    const { lines, expectedDate, ...b } = req.body;
    return view(await editPurchaseOrder(ctx, sellerOf(req)._id, req.params.id, {
      ...b,
      ...(expectedDate ? { expectedDate: parseDay(expectedDate, 'expectedDate')! } : {}),
      ...(lines ? { lines: lines.map(toLineInput) } : {}),
    }, actorOf(req)));
  });

  for (const action of ['approve', 'cancel', 'close'] as const) {
    app.post(`/v1/purchase-orders/:id/${action}`, { preHandler: owns, schema: { tags: ['purchasing'], params: idParams, body: noteBody } }, async (req) => {
      return view(await changePoStatus(ctx, sellerOf(req)._id, req.params.id, action, actorOf(req), req.body?.note));
    });
  }
};
