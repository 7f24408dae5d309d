import { loadConfigOrExit } from '../config/load.js';
import { startWorkers } from '../workers/runtime.js';
import { serveWorkerMetrics } from './api/metrics-server.js';
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
// This process's own counters (platform calls, 429s, errors, job durations) are scraped here, beside the API's.
const metrics = config.WORKER_METRICS_PORT ? await serveWorkerMetrics(rt.metrics(), config.ADMIN_TOKEN, config.HOST, config.WORKER_METRICS_PORT) : undefined;
onShutdown(rt.ctx.log, async () => {
  await metrics?.close();
  await workers.close();
  await rt.close();
});
