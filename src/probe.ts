import type { ReadinessProbe } from './api/routes/health.routes.js';
import type { Runtime } from './bootstrap.js';

export const readinessProbe = (rt: Runtime): ReadinessProbe => ({
  store: async () => (await rt.conn.db!.admin().ping()).ok === 1,
  redis: async () => (await rt.redis.ping()) === 'PONG',
});
