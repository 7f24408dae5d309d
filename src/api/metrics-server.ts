import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { installErrorHandler } from './error-handler.js';
import { metricsRoutes } from './routes/metrics.routes.js';

/** A worker process's own scrape endpoint: GET /metrics behind the admin token, nothing else. */
export async function serveWorkerMetrics(registry: Registry, adminToken: string, host: string, port: number): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  await app.register(metricsRoutes(registry, adminToken));
  await app.listen({ host, port });
  return app;
}
