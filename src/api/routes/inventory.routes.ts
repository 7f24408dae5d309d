import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ledgerView } from '../../services/inventory/ledger-view.js';
import { inventoryAftersalesRoutes } from './inventory-aftersales.routes.js';
import { inventoryAlertRoutes } from './inventory-alerts.routes.js';
import { inventoryLotRoutes } from './inventory-lots.routes.js';
import { code, who } from './inventory-shared.routes.js';
import { inventoryStocktakeRoutes } from './inventory-stocktake.routes.js';
import { inventoryTransferRoutes } from './inventory-transfer.routes.js';

/** Inventory operations and after-sales: one plugin registering the ledger view and every sub-resource. */
export const inventoryRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.get('/v1/inventory/ledger', {
    schema: {
      tags: ['inventory: ledger'], summary: 'Ledger of a SKU in a warehouse: each movement, its running balance and the document behind it',
      querystring: z.object({
        warehouseCode: code, skuCode: code,
        afterSeq: z.coerce.number().int().min(0).default(0).describe('cursor: the last seq of the previous page'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }).strict(),
    },
  }, async (req) => ledgerView(ctx, who(req).sellerId, req.query));

  await app.register(inventoryStocktakeRoutes(ctx));
  await app.register(inventoryTransferRoutes(ctx));
  await app.register(inventoryAlertRoutes(ctx));
  await app.register(inventoryLotRoutes(ctx));
  await app.register(inventoryAftersalesRoutes(ctx));
};
