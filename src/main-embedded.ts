/**
 * The embedded default (`npm start`): the sandbox storefront, the hub's API and its workers in one process,
 * with demo data, on the store and Redis that scripts/services.sh provisioned.
 */
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '../config/load.js';
import { startWorkers } from '../workers/runtime.js';
import { apiLimitsFrom } from './api/api-rate-limit.js';
import { buildServer } from './api/server.js';
import { bootstrap, onShutdown } from './bootstrap.js';
import { demoSkus, ensureDemoData } from './embedded/demo-data.js';
import { embeddedSecrets, readEnvFile } from './embedded/env-files.js';
import { createLogger } from './logger.js';
import { readinessProbe } from './probe.js';
import { buildSandboxServer } from './sandbox/server.js';
import { startOrderStream } from './sandbox/order-stream.js';

const dataDir = fileURLToPath(new URL('../.data/', import.meta.url));
const secrets = embeddedSecrets(`${dataDir}secrets.env`);
// The embedded sandbox storefront listens on loopback: this local demo allows private API addresses (never set in production).
const env: Record<string, string | undefined> = { ALLOW_PRIVATE_API_BASE_URLS: '1', ...readEnvFile(`${dataDir}services.env`), ...secrets, ...process.env };
const config = loadConfigOrExit(env);
const log = createLogger(config.LOG_LEVEL, { role: 'embedded' });
const sandboxPort = Number(env.SANDBOX_PORT ?? config.PORT + 100);

const sandbox = buildSandboxServer({
  apiKey: secrets.SANDBOX_API_KEY!,
  webhookSecret: secrets.SANDBOX_WEBHOOK_SECRET!,
  rateLimit: { ratePerSec: 20, burst: 40 },
  statePath: `${dataDir}sandbox-state.json`,
});
await sandbox.app.listen({ host: '127.0.0.1', port: sandboxPort });
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;

const rt = await bootstrap(config, 'embedded', log);
const app = await buildServer({ ctx: rt.ctx, adminToken: config.ADMIN_TOKEN, probe: readinessProbe(rt), limits: apiLimitsFrom(config), metrics: rt.metrics(), logger: { level: 'warn' } });
await app.listen({ host: config.HOST, port: config.PORT });
const hubUrl = `http://${config.HOST}:${config.PORT}`;

const demo = await ensureDemoData(rt.ctx, `${dataDir}demo.json`, { baseUrl: sandboxUrl, apiKey: secrets.SANDBOX_API_KEY!, webhookSecret: secrets.SANDBOX_WEBHOOK_SECRET! });
const shop = (await rt.ctx.models.Shop.findById(demo.shopId).lean())!;
// The storefront plays its own part in-process: it calls the hub's webhook and lists the demo products.
sandbox.store.subscribe(`${hubUrl}/webhooks/sandbox/${shop.webhookToken}`, []);
for (const [i, sku] of demoSkus.entries()) {
  if (!sandbox.store.product(sku.code)) sandbox.store.upsertProduct({ sku: sku.code, title: sku.name, price: `${(12 + i * 4).toFixed(2)}`, available: 0 });
}

const workers = startWorkers(rt.ctx, rt.redis, rt.sink, {
  prefix: config.QUEUE_PREFIX,
  concurrency: config.WORKER_CONCURRENCY,
  syncIntervalSeconds: Math.min(config.SYNC_INTERVAL_SECONDS, 15),
  sweepIntervalSeconds: config.SWEEP_INTERVAL_SECONDS,
});
const stream = startOrderStream(sandbox.store, { intervalMs: 4_000, skus: demoSkus.map((s) => s.code) });

process.stdout.write(
  [
    '',
    'OMS hub is running (embedded default)',
    `  API           ${hubUrl}`,
    `  API docs      ${hubUrl}/docs`,
    `  sandbox shop  ${sandboxUrl}  (orders arrive every few seconds)`,
    `  demo API key  ${demo.apiKey}`,
    '',
    `  curl -H "Authorization: Bearer ${demo.apiKey}" ${hubUrl}/v1/orders`,
    `  curl -H "Authorization: Bearer ${demo.apiKey}" ${hubUrl}/v1/exceptions`,
    '',
    'Ctrl-C stops; the next `npm start` continues with the same data.',
    '',
  ].join('\n'),
);

onShutdown(log, async () => {
  stream.stop();
  await workers.close();
  await app.close();
  await sandbox.app.close();
  await rt.close();
});
