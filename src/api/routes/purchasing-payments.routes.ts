import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { SupplierBillDoc } from '../../db/models/purchasing-bill.model.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { moneyPattern, toMinor } from '../../domain/purchasing-money.js';
import { notFound } from '../../errors.js';
import { recordBill } from '../../services/purchasing/bills.js';
import { poPayables } from '../../services/purchasing/payables.js';
import { billView, payablesView } from '../../services/purchasing/views.js';
import { sellerOf } from '../auth.js';
import { actorOf, currency, idempotencyKey, idParams, money } from './purchasing-common.routes.js';

const positiveMoney = money.refine((m) => !moneyPattern.test(m) || toMinor(m) > 0, 'must be more than 0');
const at = z.iso.datetime({ offset: true }).or(z.iso.date());

export const purchasingPaymentRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'purchase order');
  app.post('/v1/purchase-orders/:id/invoices', { preHandler: owns,
    schema: {
      tags: ['purchasing'], summary: "Record the supplier's invoice for a PO (once per invoice number)", params: idParams,
      body: z.object({ number: z.string().trim().min(1).max(100), amount: positiveMoney, currency, date: at.optional(), note: z.string().max(1000).optional() }).strict(),
    },
  }, async (req, reply) => {
    const { amount, date, ...b } = req.body;
    const res = await recordBill(ctx, sellerOf(req)._id, req.params.id, { ...b, kind: 'invoice', amountMinor: toMinor(amount), ...(date ? { date: new Date(date) } : {}) }, actorOf(req));
    return reply.status(res.created ? 201 : 200).send({ invoice: billView(res.bill), amounts: payablesView(res.payables) });
  });

  app.post('/v1/purchase-orders/:id/payments', { preHandler: owns,
    schema: {
      tags: ['purchasing'], summary: 'Record a (partial) payment to the supplier for a PO', params: idParams,
      body: z.object({
        idempotencyKey, amount: positiveMoney, currency, date: at.optional(), reference: z.string().max(100).optional(),
        method: z.string().max(50).optional(), note: z.string().max(1000).optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const { amount, date, reference, ...b } = req.body;
    const res = await recordBill(ctx, sellerOf(req)._id, req.params.id, {
      ...b, kind: 'payment', amountMinor: toMinor(amount), ...(reference ? { number: reference } : {}), ...(date ? { date: new Date(date) } : {}),
    }, actorOf(req));
    return reply.status(res.created ? 201 : 200).send({ payment: billView(res.bill), amounts: payablesView(res.payables) });
  });

  app.get('/v1/purchase-orders/:id/payables', {
    schema: { tags: ['purchasing'], summary: 'Received, invoiced, paid and due of a PO, with its payment schedule, invoices and payments', params: idParams },
  }, async (req) => {
    const sellerId = sellerOf(req)._id;
    const po = await ctx.models.PurchaseOrder.findOne({ _id: req.params.id, sellerId }).lean<PurchaseOrderDoc>();
    if (!po) throw notFound('purchase order', req.params.id);
    const bills = await ctx.models.SupplierBill.find({ sellerId, poId: po._id }).sort({ date: 1, _id: 1 }).lean<SupplierBillDoc[]>();
    return {
      poId: po._id, currency: po.currency, paymentTerms: po.paymentTerms, ...payablesView(await poPayables(ctx, po)),
      invoices: bills.filter((b) => b.kind === 'invoice').map(billView), payments: bills.filter((b) => b.kind === 'payment').map(billView),
    };
  });
};
