import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { TicketDoc } from '../../db/models/inventory-ticket.model.js';
import { ticketTypes } from '../../domain/inventory-aftersales.js';
import { findReturn, receiveReturn } from '../../services/inventory/returns-receive.js';
import { cancelTicket, createReplacement } from '../../services/inventory/tickets-replacement.js';
import { createTicket, loadTicket, ticketFromPlatformRefund } from '../../services/inventory/tickets.js';
import { code, idParams, listQuery, page, pageFilter, qty, who } from './inventory-shared.routes.js';

export const ticketView = (t: TicketDoc) => ({
  id: t._id, type: t.type, status: t.status, orderId: t.orderId, shopId: t.shopId, source: t.source, platformRefundId: t.platformRefundId ?? null,
  refundStatus: t.refundStatus, reason: t.reason ?? null, returnTrackingNumber: t.returnTrackingNumber ?? null, lines: t.lines,
  replacementLines: t.replacementLines, replacementOrderId: t.replacementOrderId ?? null, flags: t.flags, parcels: t.parcels ?? [], receipt: t.receipt ?? null,
  timeline: t.timeline, createdBy: t.createdBy, createdAt: t.createdAt, updatedAt: t.updatedAt,
});

const orderLines = z.array(z.object({ lineId: code, quantity: qty }).strict()).min(1).max(500);
const tracking = z.string().trim().min(4).max(64).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes only');

export const inventoryAftersalesRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'ticket');
  const tags = ['after-sales'];
  app.post('/v1/aftersales/tickets', {
    schema: {
      tags, summary: 'Create a return, exchange or resend ticket for lines of an order (customer service)',
      body: z.object({
        type: z.enum(ticketTypes), orderId: code, lines: orderLines,
        replacementLines: z.array(z.object({ skuCode: code, quantity: qty }).strict()).min(1).max(500).optional(),
        reason: z.string().max(500).optional(), returnTrackingNumber: tracking.optional(), idempotencyKey: code.optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const { sellerId, by } = who(req);
    const res = await createTicket(ctx, sellerId, by, req.body);
    return reply.status(res.replayed ? 200 : 201).send(ticketView(res.ticket));
  });

  app.post('/v1/aftersales/tickets/from-refund', {
    schema: {
      tags, summary: 'Open (or update the refund status of) the return ticket of a platform refund',
      body: z.object({
        orderId: code, platformRefundId: code, state: z.enum(['requested', 'approved', 'succeeded', 'rejected', 'closed']),
        lines: orderLines.optional(), reason: z.string().max(500).optional(), returnTrackingNumber: tracking.optional(),
      }).strict(),
    },
  }, async (req) => ticketView(await ticketFromPlatformRefund(ctx, who(req).sellerId, req.body)));

  app.get('/v1/aftersales/tickets', { schema: { tags, querystring: listQuery.extend({ orderId: code.optional() }) } }, async (req) => {
    const extra = req.query.orderId ? { orderId: req.query.orderId } : {};
    const items = await ctx.models.InventoryTicket.find(pageFilter(who(req).sellerId, req.query, extra)).sort({ updatedAt: 1, _id: 1 }).limit(req.query.limit).lean<TicketDoc[]>();
    return page(items, req.query.limit, ticketView);
  });

  app.get('/v1/aftersales/tickets/:id', { schema: { tags, params: idParams } }, async (req) => ticketView(await loadTicket(ctx, who(req).sellerId, req.params.id)));

  app.get('/v1/aftersales/returns/lookup', {
    schema: { tags, summary: 'The warehouse scans a return parcel (tracking or ticket number) and sees what to expect', querystring: z.object({ code }).strict() },
  }, async (req) => {
    const t = await findReturn(ctx, who(req).sellerId, req.query.code);
    return { ticket: ticketView(t), expected: t.lines.map((l) => ({ lineId: l.lineId, skuCode: l.skuCode, quantity: l.quantity })), receivable: t.status === 'awaiting_return' };
  });

  app.post('/v1/aftersales/tickets/:id/receive', { preHandler: owns,
    schema: {
      tags, summary: 'Receive and inspect the return: sellable → stock, damaged → defective location, the rest flagged missing', params: idParams,
      body: z.object({
        warehouseCode: code,
        lines: z.array(z.object({ lineId: code, sellable: z.number().int().min(0).max(1_000_000), damaged: z.number().int().min(0).max(1_000_000) }).strict()).max(500),
      }).strict(),
    },
  }, async (req) => {
    const { sellerId, by } = who(req);
    return ticketView(await receiveReturn(ctx, sellerId, req.params.id, by, req.body));
  });

  app.post('/v1/aftersales/tickets/:id/replacement', { preHandler: owns,
    schema: { tags, summary: 'Create the replacement order of an exchange or resend; it goes through the pipeline', params: idParams },
  }, async (req) => {
    const { sellerId, by } = who(req);
    const res = await createReplacement(ctx, sellerId, req.params.id, by);
    return { ticket: ticketView(res.ticket), orderId: res.orderId };
  });

  app.post('/v1/aftersales/tickets/:id/cancel', { preHandler: owns, schema: { tags, params: idParams } }, async (req) => {
    const { sellerId, by } = who(req);
    return ticketView(await cancelTicket(ctx, sellerId, req.params.id, by));
  });
};
