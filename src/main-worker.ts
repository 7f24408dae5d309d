import { loadConfigOrExit } from '../config/load.js';
import { startWorkers } from '../workers/runtime.js';
import { bootstrap, onShutdown } from './bootstrap.js';
import { runtimeEnv } from './env-sources.js';

const config = loadConfigOrExit(runtimeEnv());
const rt = await bootstrap(config, 'worker');
const workers = startWorkers(rt.ctx, rt.redis, rt.sink, {
  prefix: config.QUEUE_PREFIX,
  concurrency: config.WORKER_CONCURRENCY,
  syncIntervalSeconds: config.SYNC_INTERVAL_SECONDS,
  sweepIntervalSeconds: config.SWEEP_INTERVAL_SECONDS,
});
rt.ctx.log.info({ pid: process.pid, concurrency: config.WORKER_CONCURRENCY }, 'workers started');
onShutdown(rt.ctx.log, async () => {
  await workers.close();
  await rt.close();
});
