import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export interface ReadinessProbe {
  store(): Promise<boolean>;
  redis(): Promise<boolean>;
}

export const healthRoutes = (probe: ReadinessProbe): FastifyPluginAsyncZod => async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const [store, redis] = await Promise.all([probe.store().catch(() => false), probe.redis().catch(() => false)]);
    return reply.status(store && redis ? 200 : 503).send({ status: store && redis ? 'ready' : 'not_ready', store, redis });
  });
};
