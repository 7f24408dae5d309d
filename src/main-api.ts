import { loadConfigOrExit } from '../config/load.js';
import { apiLimitsFrom } from './api/api-rate-limit.js';
import { buildServer } from './api/server.js';
import { bootstrap, onShutdown } from './bootstrap.js';
import { runtimeEnv } from './env-sources.js';
import { readinessProbe } from './probe.js';

const config = loadConfigOrExit(runtimeEnv());
const rt = await bootstrap(config, 'api');
const app = await buildServer({ ctx: rt.ctx, adminToken: config.ADMIN_TOKEN, probe: readinessProbe(rt), limits: apiLimitsFrom(config), metrics: rt.metrics(), logger: { level: config.LOG_LEVEL } });
await app.listen({ host: config.HOST, port: config.PORT });
onShutdown(rt.ctx.log, async () => {
  await app.close();
  await rt.close();
});
