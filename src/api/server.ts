import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Ctx } from '../context.js';
import { redactPaths } from '../logger.js';
import { requireSeller } from './auth.js';
import { installErrorHandler } from './error-handler.js';
import { catalogRoutes } from './routes/catalog.routes.js';
import { healthRoutes, type ReadinessProbe } from './routes/health.routes.js';
import { inventoryRoutes } from './routes/inventory.routes.js';
import { mergeSplitRoutes } from './routes/merge-split.routes.js';
import { listingRoutes } from './routes/listings.routes.js';
import { orderCsRoutes } from './routes/order-cs.routes.js';
import { orderRoutes } from './routes/orders.routes.js';
import { sellerRoutes } from './routes/sellers.routes.js';
import { shopRoutes } from './routes/shops.routes.js';
import { purchasingRoutes } from './routes/purchasing.routes.js';
import { ruleRoutes } from './routes/rules.routes.js';
import { stockRoutes } from './routes/stock.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.routes.js';
import { webhookComponentSchemas } from '../domain/webhooks/openapi.js';

export interface ServerDeps {
  ctx: Ctx;
  adminToken: string;
  probe: ReadinessProbe;
  /** pino options or false; tests pass false. */
  logger?: boolean | { level: string };
}

/** Builds the API without listening; tests drive it with inject(). */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger === undefined || deps.logger === false ? false : { ...(typeof deps.logger === 'object' ? deps.logger : {}), redact: { paths: redactPaths, censor: '[redacted]' } },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('seller', null);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'OMS hub API', version: '0.1.0', description: 'Order-management hub: shops, orders, stock, exceptions' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, admin: { type: 'apiKey', in: 'header', name: 'X-Admin-Token' } }, schemas: webhookComponentSchemas() },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(deps.probe));
  await app.register(sellerRoutes(deps.ctx, deps.adminToken));
  await app.register(webhookRoutes(deps.ctx));
  await app.register(async (scoped) => {
    scoped.addHook('preHandler', requireSeller(deps.ctx));
    await scoped.register(shopRoutes(deps.ctx));
    await scoped.register(listingRoutes(deps.ctx));
    await scoped.register(catalogRoutes(deps.ctx));
    await scoped.register(stockRoutes(deps.ctx));
    await scoped.register(orderRoutes(deps.ctx));
    await scoped.register(mergeSplitRoutes(deps.ctx));
    await scoped.register(orderCsRoutes(deps.ctx));
    await scoped.register(inventoryRoutes(deps.ctx));
    await scoped.register(purchasingRoutes(deps.ctx));
    await scoped.register(ruleRoutes(deps.ctx));
    await scoped.register(webhookEndpointRoutes(deps.ctx));
  });
  return app;
}
