import type { ReadinessProbe } from './api/routes/health.routes.js';
import type { Runtime } from './bootstrap.js';
import type { Dependency } from './errors.js';

/** Rejects after `ms`: a probe never waits longer than that for a dependency that does not answer. */
const within = <T>(ms: number, p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

export const readinessProbe = (rt: Runtime): ReadinessProbe => ({
  store: async () => (await within(1_500, rt.conn.db!.admin().ping())).ok === 1,
  redis: async () => (await within(1_500, rt.ctx.redis.ping())) === 'PONG',
  // The store known down without asking (every /v1 call needs it). Redis is not checked here: calls that need it
  // fail at once on their own (the command connection has no offline queue), the others keep working.
  unavailable: (): Dependency | undefined => (rt.conn.readyState === 1 ? undefined : 'store'),
});
