import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { PurchaseReceiptDoc } from '../../db/models/purchasing-receipt.model.js';
import type { PurchaseReturnDoc } from '../../db/models/purchasing-return.model.js';
import { notFound } from '../../errors.js';
import { receivePurchaseOrder } from '../../services/purchasing/receive.js';
import { createPurchaseReturn } from '../../services/purchasing/returns.js';
import { poView, receiptView, returnView } from '../../services/purchasing/views.js';
import { sellerOf } from '../auth.js';
import { keyset, pageQueryFields } from '../pagination.js';

const pageQuery = z.object(pageQueryFields).strict();
const receiptPages = keyset(['receivedAt', '_id']);
const returnPages = keyset(['createdAt', '_id']);
import { actorOf, calendarDay, idempotencyKey, idParams, parseDay, positiveQuantity, quantity } from './purchasing-common.routes.js';

const receiptLine = z.object({
  lineId: z.string().min(1).max(20),
  receivedQty: quantity.describe('counted at the dock'),
  acceptedQty: quantity.describe('passed QC: goes into stock'),
  rejectedQty: quantity.default(0).describe('failed QC: held for a purchase return'),
  rejectReason: z.string().trim().max(500).optional(),
  lot: z.string().trim().min(1).max(64).optional(),
  expiresAt: calendarDay.optional(),
}).strict();

export const purchasingReceiptRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'purchase order');
  app.post('/v1/purchase-orders/:id/receipts', { preHandler: owns,
    schema: {
      tags: ['purchasing'], summary: 'Receive a delivery against a PO with QC (accepted → stock, rejected → held with a reason)', params: idParams,
      body: z.object({
        idempotencyKey, receivedAt: z.iso.datetime({ offset: true }).optional(), deliveryNote: z.string().max(200).optional(),
        lines: z.array(receiptLine).min(1).max(500),
      }).strict(),
    },
  }, async (req, reply) => {
    const b = req.body;
    for (const l of b.lines) parseDay(l.expiresAt, `expiresAt of line ${l.lineId}`);
    const res = await receivePurchaseOrder(ctx, sellerOf(req)._id, req.params.id, {
      ...b, ...(b.receivedAt ? { receivedAt: new Date(b.receivedAt) } : {}),
    } as Parameters<typeof receivePurchaseOrder>[3], actorOf(req));
    return reply.status(res.created ? 201 : 200).send({ receipt: receiptView(res.receipt), purchaseOrder: poView(res.po) });
  });

  app.get('/v1/purchase-orders/:id/receipts', { schema: { tags: ['purchasing'], params: idParams, querystring: pageQuery } }, async (req) => {
    const items = await ctx.models.PurchaseReceipt.find({ sellerId: sellerOf(req)._id, poId: req.params.id, ...receiptPages.after(req.query.cursor) })
      .sort(receiptPages.sort).limit(req.query.limit + 1).lean<PurchaseReceiptDoc[]>();
    return receiptPages.page(items, req.query.limit, receiptView);
  });

  app.get('/v1/purchase-receipts/:id', { schema: { tags: ['purchasing'], params: idParams } }, async (req) => {
    const r = await ctx.models.PurchaseReceipt.findOne({ _id: req.params.id, sellerId: sellerOf(req)._id }).lean<PurchaseReceiptDoc>();
    if (!r) throw notFound('purchase receipt', req.params.id);
    return receiptView(r);
  });

  app.post('/v1/purchase-orders/:id/returns', { preHandler: owns,
    schema: {
      tags: ['purchasing'], summary: 'Return QC-rejected goods to the supplier', params: idParams,
      body: z.object({
        idempotencyKey,
        lines: z.array(z.object({ lineId: z.string().min(1).max(20), quantity: positiveQuantity, reason: z.string().trim().min(1).max(500).optional() }).strict()).min(1).max(200),
        carrier: z.string().max(64).optional(), trackingNumber: z.string().max(100).optional(), note: z.string().max(1000).optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const res = await createPurchaseReturn(ctx, sellerOf(req)._id, req.params.id, req.body, actorOf(req));
    return reply.status(res.created ? 201 : 200).send({ return: returnView(res.ret), purchaseOrder: poView(res.po) });
  });

  app.get('/v1/purchase-orders/:id/returns', { schema: { tags: ['purchasing'], params: idParams, querystring: pageQuery } }, async (req) => {
    const items = await ctx.models.PurchaseReturn.find({ sellerId: sellerOf(req)._id, poId: req.params.id, ...returnPages.after(req.query.cursor) })
      .sort(returnPages.sort).limit(req.query.limit + 1).lean<PurchaseReturnDoc[]>();
    return returnPages.page(items, req.query.limit, returnView);
  });
};
