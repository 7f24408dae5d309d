import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { requireAdmin } from '../auth.js';

/** Prometheus scrape endpoint, behind the admin token (X-Admin-Token). */
export const metricsRoutes = (registry: Registry, adminToken: string): FastifyPluginAsyncZod => async (app) => {
  app.get('/metrics', { schema: { hide: true }, preHandler: requireAdmin(adminToken) }, async (_req, reply) => {
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
};
