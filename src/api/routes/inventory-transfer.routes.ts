import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import type { TransferDoc } from '../../db/models/inventory-transfer.model.js';
import { outstanding } from '../../domain/inventory-transfer.js';
import { warehouseByCode } from '../../services/inventory/common.js';
import { cancelTransfer, createTransfer, loadTransfer } from '../../services/inventory/transfer-create.js';
import { closeTransfer, receiveTransfer } from '../../services/inventory/transfer-receive.js';
import { shipTransfer } from '../../services/inventory/transfer-ship.js';
import { inTransit } from '../../services/inventory/transfer-transit.js';
import { pageOfArray, pageQueryFields } from '../pagination.js';
import { code, idParams, listQuery, page, pageFilter, qty, who } from './inventory-shared.routes.js';

export const transferView = (t: TransferDoc) => ({
  id: t._id, fromWarehouseId: t.fromWarehouseId, toWarehouseId: t.toWarehouseId, status: t.status,
  lines: t.lines.map((l) => ({ ...l, inTransit: Math.max(0, outstanding(l)) })),
  receipts: t.receipts, discrepancies: t.discrepancies, note: t.note ?? null,
  createdBy: t.createdBy, createdAt: t.createdAt, shippedBy: t.shippedBy ?? null, shippedAt: t.shippedAt ?? null,
  closedBy: t.closedBy ?? null, closedAt: t.closedAt ?? null, updatedAt: t.updatedAt,
});

const lines = z.array(z.object({ skuCode: code, quantity: qty }).strict()).min(1).max(1000);

export const inventoryTransferRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'transfer');
  const tags = ['inventory: transfers'];
  app.post('/v1/inventory/transfers', {
    schema: {
      tags, summary: 'Create a draft transfer order from one warehouse to another',
      body: z.object({ fromWarehouseCode: code, toWarehouseCode: code, lines, note: z.string().max(500).optional(), idempotencyKey: code.optional() }).strict(),
    },
  }, async (req, reply) => {
    const { sellerId, by } = who(req);
    const res = await createTransfer(ctx, sellerId, by, req.body);
    return reply.status(res.replayed ? 200 : 201).send(transferView(res.transfer));
  });

  app.get('/v1/inventory/transfers', { schema: { tags, querystring: listQuery } }, async (req) => {
    const items = await ctx.models.InventoryTransfer.find(pageFilter(who(req).sellerId, req.query)).sort({ updatedAt: 1, _id: 1 }).limit(req.query.limit).lean<TransferDoc[]>();
    return page(items, req.query.limit, transferView);
  });

  app.get('/v1/inventory/transfers/:id', { schema: { tags, params: idParams } }, async (req) => transferView(await loadTransfer(ctx, who(req).sellerId, req.params.id)));

  app.post('/v1/inventory/transfers/:id/ship', { preHandler: owns, schema: { tags, summary: 'Ship out: the source warehouse decreases, the goods are in transit', params: idParams } }, async (req) => {
    const { sellerId, by } = who(req);
    return transferView(await shipTransfer(ctx, sellerId, req.params.id, by));
  });

  app.post('/v1/inventory/transfers/:id/receive', { preHandler: owns,
    schema: {
      tags, summary: 'Receive (part of) the goods into the destination; final=true records the rest as a discrepancy', params: idParams,
      body: z.object({ receiptId: code, lines: z.array(z.object({ skuCode: code, quantity: z.number().int().min(0).max(1_000_000_000) }).strict()).min(1).max(1000), final: z.boolean().default(false), reason: z.string().max(500).optional() }).strict(),
    },
  }, async (req, reply) => {
    const { sellerId, by } = who(req);
    const res = await receiveTransfer(ctx, sellerId, req.params.id, by, req.body);
    return reply.status(res.replayed ? 200 : 201).send(transferView(res.transfer));
  });

  app.post('/v1/inventory/transfers/:id/close', { preHandler: owns,
    schema: { tags, summary: 'Close: what is still in transit is recorded as a discrepancy', params: idParams, body: z.object({ reason: z.string().trim().min(1).max(500) }).strict() },
  }, async (req) => {
    const { sellerId, by } = who(req);
    return transferView(await closeTransfer(ctx, sellerId, req.params.id, by, req.body.reason));
  });

  app.post('/v1/inventory/transfers/:id/cancel', { preHandler: owns, schema: { tags, params: idParams } }, async (req) => {
    const { sellerId, by } = who(req);
    return transferView(await cancelTransfer(ctx, sellerId, req.params.id, by));
  });

  app.get('/v1/inventory/in-transit', {
    schema: { tags, summary: 'Stock in transit between warehouses', querystring: z.object({ skuCode: code.optional(), toWarehouseCode: code.optional(), ...pageQueryFields }).strict() },
  }, async (req) => {
    const { sellerId } = who(req);
    const to = req.query.toWarehouseCode ? await warehouseByCode(ctx, sellerId, req.query.toWarehouseCode) : undefined;
    const items = await inTransit(ctx, sellerId, { ...(req.query.skuCode ? { skuCodes: [req.query.skuCode] } : {}), ...(to ? { toWarehouseId: to._id } : {}) });
    return { ...pageOfArray(items, req.query), total: items.reduce((a, r) => a + r.quantity, 0) };
  });
};
