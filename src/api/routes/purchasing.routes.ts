import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { purchasingOrderRoutes } from './purchasing-orders.routes.js';
import { purchasingPaymentRoutes } from './purchasing-payments.routes.js';
import { purchasingReceiptRoutes } from './purchasing-receipts.routes.js';
import { purchasingSupplierRoutes } from './purchasing-suppliers.routes.js';

/** Purchasing (采购管理): suppliers, purchase orders, receiving with QC, returns, invoices and payments. */
export const purchasingRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  await app.register(purchasingSupplierRoutes(ctx));
  await app.register(purchasingOrderRoutes(ctx));
  await app.register(purchasingReceiptRoutes(ctx));
  await app.register(purchasingPaymentRoutes(ctx));
};
