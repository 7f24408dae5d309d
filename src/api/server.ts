import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Ctx } from '../context.js';
import { registerRateLimit, defaultApiLimits, type ApiLimits } from './api-rate-limit.js';
import { AuthGuard } from './auth-guard.js';
import { requireAdmin, requireSeller } from './auth.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandler, MAX_PARAM_LENGTH } from './error-handler.js';
import type { DestinationStream } from 'pino';
import { loggerOptions, scrubbingDestination } from '../logger.js';
import { apiKeyRoutes } from './routes/api-keys.routes.js';
import { catalogRoutes } from './routes/catalog.routes.js';
import { healthRoutes, unavailableHook, type ReadinessProbe } from './routes/health.routes.js';
import { inventoryRoutes } from './routes/inventory.routes.js';
import { mergeSplitRoutes } from './routes/merge-split.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import type { Registry } from 'prom-client';
import { listingRoutes } from './routes/listings.routes.js';
import { orderCsRoutes } from './routes/order-cs.routes.js';
import { orderRoutes } from './routes/orders.routes.js';
import { sellerRoutes } from './routes/sellers.routes.js';
import { shopRoutes } from './routes/shops.routes.js';
import { purchasingRoutes } from './routes/purchasing.routes.js';
import { ruleRoutes } from './routes/rules.routes.js';
import { stockRoutes } from './routes/stock.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';
import { quarantineRoutes } from './routes/quarantine.routes.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.routes.js';
import { webhookComponentSchemas } from '../domain/webhooks/openapi.js';

export interface ServerDeps {
  ctx: Ctx;
  adminToken: string;
  probe: ReadinessProbe;
  /** Prometheus registry served at /metrics (admin token); none: no /metrics. */
  metrics?: Registry;
  /** pino options or false; tests pass false. */
  /** Rate limits and lock-outs (apiLimitsFrom(config)); defaults when omitted. */
  limits?: ApiLimits;
  logger?: boolean | { level: string; stream?: DestinationStream };
}

export interface RouteEntry { method: string; url: string; public: boolean }
const routeLists = new WeakMap<object, RouteEntry[]>();
/** Every route the server registered (health, docs and incoming webhooks are the public ones: outside /v1). */
export const routesOf = (app: FastifyInstance): readonly RouteEntry[] => routeLists.get(app) ?? [];

/** Builds the API without listening; tests drive it with inject(). */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger === undefined || deps.logger === false ? false : { ...loggerOptions(typeof deps.logger === 'object' ? deps.logger.level : 'info'), stream: scrubbingDestination(typeof deps.logger === 'object' ? deps.logger.stream : undefined) },
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('seller', null);
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url, public: !r.url.startsWith('/v1/') });
  });
  routeLists.set(app, routes);
  app.decorateRequest('apiKeyId', null);
  installErrorHandler(app);
  app.addHook('onRequest', unavailableHook(deps.probe));
  const limits = deps.limits ?? defaultApiLimits;
  const prefix = deps.ctx.config.QUEUE_PREFIX;
  const adminGuard = new AuthGuard(deps.ctx.redis, prefix, { kind: 'admin', maxFailures: limits.adminLockoutFailures, lockSeconds: limits.lockoutSeconds, header: 'x-admin-token' });
  const apiKeyGuard = new AuthGuard(deps.ctx.redis, prefix, { kind: 'api-key', maxFailures: limits.apiKeyLockoutFailures, lockSeconds: limits.lockoutSeconds, header: 'authorization' });
  // Before any route: every route registered after this is limited (per API key, else per IP).
  await registerRateLimit(app, deps.ctx.redis, prefix, limits);

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
  await app.register(sellerRoutes(deps.ctx, adminGuard.wrap(requireAdmin(deps.adminToken))));
  if (deps.metrics) await app.register(metricsRoutes(deps.metrics, deps.adminToken));
  await app.register(webhookRoutes(deps.ctx));
  await app.register(async (scoped) => {
    // Authenticate first (onRequest, before the body is parsed or validated): an unauthenticated caller
    // learns nothing about a route's schema, only 401.
    scoped.addHook('onRequest', apiKeyGuard.wrap(requireSeller(deps.ctx)));
    await scoped.register(shopRoutes(deps.ctx));
    await scoped.register(apiKeyRoutes(deps.ctx));
    await scoped.register(listingRoutes(deps.ctx));
    await scoped.register(catalogRoutes(deps.ctx));
    await scoped.register(stockRoutes(deps.ctx));
    await scoped.register(orderRoutes(deps.ctx));
    await scoped.register(quarantineRoutes(deps.ctx));
    await scoped.register(mergeSplitRoutes(deps.ctx));
    await scoped.register(orderCsRoutes(deps.ctx));
    await scoped.register(inventoryRoutes(deps.ctx));
    await scoped.register(purchasingRoutes(deps.ctx));
    await scoped.register(ruleRoutes(deps.ctx));
    await scoped.register(webhookEndpointRoutes(deps.ctx));
  });
  return app;
}
