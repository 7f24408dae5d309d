import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Dependency } from '../../errors.js';

export interface ReadinessProbe {
  store(): Promise<boolean>;
  redis(): Promise<boolean>;
  /** A dependency already known to be down (no round trip), for the fast 503 path. */
  unavailable?(): Dependency | undefined;
}

export const healthRoutes = (probe: ReadinessProbe): FastifyPluginAsyncZod => async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const [store, redis] = await Promise.all([probe.store().catch(() => false), probe.redis().catch(() => false)]);
    const down = [...(store ? [] : ['store']), ...(redis ? [] : ['redis'])];
    if (down.length > 0) void reply.header('retry-after', '2');
    return reply.status(down.length === 0 ? 200 : 503).send({ status: down.length === 0 ? 'ready' : 'not_ready', store, redis, down });
  });
};

/**
 * onRequest: while a dependency is known to be down, API and webhook calls answer 503 SERVICE_UNAVAILABLE with
 * Retry-After at once (health, docs and metrics still answer). Calls that find it down mid-way get the same
 * answer from the error handler (see unavailableDependency).
 */
export function unavailableHook(probe: ReadinessProbe) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!probe.unavailable || !(req.url.startsWith('/v1/') || req.url.startsWith('/webhooks/'))) return;
    const down = probe.unavailable();
    if (!down) return;
    await reply.status(503).header('retry-after', '2').send({ error: { code: 'SERVICE_UNAVAILABLE', message: `the ${down} is unavailable, retry shortly`, details: { dependency: down } } });
  };
}
