import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { fefoSuggestion, lotView, pickLots, receiveLot } from '../../services/inventory/lots.js';
import { code, qty, who } from './inventory-shared.routes.js';

const where = z.object({ warehouseCode: code, skuCode: code });

export const inventoryLotRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['inventory: lots'];
  app.post('/v1/inventory/lots/receipts', {
    schema: {
      tags, summary: 'Put stock of a lot (batch, expiry) into a warehouse: a ledger posting plus its lot entry',
      body: where.extend({ lotNumber: code, expiresAt: z.coerce.date().nullable().default(null), quantity: qty, idempotencyKey: code }).strict(),
    },
  }, async (req, reply) => {
    const { sellerId, by } = who(req);
    const res = await receiveLot(ctx, sellerId, by, req.body);
    return reply.status(res.replayed ? 200 : 201).send(res);
  });

  app.get('/v1/inventory/lots', { schema: { tags, summary: 'Lot balances of a SKU in a warehouse, and the on-hand part in no lot', querystring: where.strict() } }, async (req) =>
    lotView(ctx, who(req).sellerId, req.query.warehouseCode, req.query.skuCode));

  app.get('/v1/inventory/lots/fefo', {
    schema: { tags, summary: 'Which lots to pick, first expiry first out (expired lots excluded)', querystring: where.extend({ quantity: z.coerce.number().int().min(1).max(1_000_000_000) }).strict() },
  }, async (req) => fefoSuggestion(ctx, who(req).sellerId, req.query.warehouseCode, req.query.skuCode, req.query.quantity));

  app.post('/v1/inventory/lots/picks', {
    schema: { tags, summary: 'Record a FEFO pick in the lot sub-ledger', body: where.extend({ quantity: qty, orderId: code.optional(), idempotencyKey: code }).strict() },
  }, async (req, reply) => {
    const { sellerId, by } = who(req);
    const res = await pickLots(ctx, sellerId, by, req.body);
    return reply.status(res.replayed ? 200 : 201).send(res);
  });
};
