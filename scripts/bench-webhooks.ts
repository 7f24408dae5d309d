/**
 * `npm run bench:webhooks`: outgoing webhook throughput on this machine's store and Redis, printed (never asserted).
 * Appends BENCH_WEBHOOK_EVENTS (default 10,000) order events to the outbox as the pipeline would (5 per order, in
 * pages of 500), and measures, for 1 and for 10 endpoints of a loopback receiver:
 *  - deliveries/s from the first append to the last 2xx (every delivery signed, per-order lanes);
 *  - lag from an event's time to its receiver's 2xx, p50/p95.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '../config/load.js';
import { bootstrap } from '../src/bootstrap.js';
import { readEnvFile } from '../src/embedded/env-files.js';
import { createLogger } from '../src/logger.js';
import { appendEvents, type DomainEvent } from '../src/services/events.js';
import { createSeller } from '../src/services/sellers.service.js';
import { egressCheck } from '../src/services/webhooks/egress-check.js';
import { createEndpoint } from '../src/services/webhooks/endpoints.js';
import { startWorkers } from '../workers/runtime.js';
import { watchStoreCommands } from './bench-parts.js';

const N = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
const dataDir = fileURLToPath(new URL('../.data/', import.meta.url));
const services = readEnvFile(`${dataDir}services.env`);
const uri = new URL(process.env.MONGODB_URI ?? services.MONGODB_URI ?? 'mongodb://127.0.0.1:27117/oms');
uri.pathname = `/benchwh_${randomBytes(4).toString('hex')}`;
const config = loadConfigOrExit({
  MONGODB_URI: uri.toString(),
  REDIS_URL: process.env.REDIS_URL ?? services.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `benchwh${randomBytes(3).toString('hex')}`,
  ADMIN_TOKEN: randomBytes(16).toString('hex'),
  CREDENTIALS_KEY: randomBytes(32).toString('hex'),
  LOG_LEVEL: 'warn',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_POLL_MS: '100',
});
const rt = await bootstrap(config, 'bench-webhooks', createLogger('warn', { role: 'bench' }), { monitorCommands: true });
// Where the store time goes: commands and total milliseconds per command and collection.
const watched = watchStoreCommands(rt.conn.getClient());
const byCommand = watched.byCommand;
const ctx = rt.ctx;
const say = (s: string) => process.stdout.write(`${s}\n`);

// The receiver: answers 204 at once, notes when each webhook-id first arrived.
const firstSeen = new Map<string, number>();
const bodyAt = new Map<string, number>();
let requests = 0;
const server = createServer((req, res) => {
  const id = String(req.headers['webhook-id'] ?? '');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    requests++;
    if (!firstSeen.has(id)) {
      firstSeen.set(id, Date.now());
      bodyAt.set(id, Date.parse((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string }).timestamp));
    }
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
const workers = startWorkers(ctx, rt.redis, rt.sink, { prefix: config.QUEUE_PREFIX, concurrency: 4, syncIntervalSeconds: 3600, sweepIntervalSeconds: 3600, queues: ['webhooks'], cron: false });
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function run(endpoints: number): Promise<void> {
  firstSeen.clear();
  bodyAt.clear();
  requests = 0;
  const { seller } = await createSeller(ctx, `Bench ${endpoints}`);
  const egress = egressCheck({ allowPrivate: true });
  for (let i = 0; i < endpoints; i++) await createEndpoint(ctx, egress, seller._id, { url: `${url}?ep=${i}` });
  const orders = Math.ceil(N / 5);
  const steps = ['imported', 'audited', 'allocated', 'picking', 'shipped'];
  const t0 = Date.now();
  // Step by step across all orders, as a pipeline moves many orders at once.
  for (let step = 0; step < 5; step++) {
    const batch: DomainEvent[] = [];
    for (let o = 0; o < orders && step * orders + o < N; o++) {
      const orderId = `o${endpoints}-${o}`;
      batch.push({ _id: `order.${steps[step]}:${orderId}:${step}`, sellerId: seller._id, type: `order.${steps[step]}`, subject: { kind: 'order', id: orderId }, data: { by: 'bench', type: steps[step], detail: { warehouse: 'A', courier: 'SF', trackingNumber: `SF${o}` } } });
    }
    for (let i = 0; i < batch.length; i += 500) await appendEvents(ctx.models, batch.slice(i, i + 500), new Date());
  }
  const tAppended = Date.now();
  const expected = N * endpoints;
  let last = -1;
  let lastChange = Date.now();
  while (firstSeen.size < expected) {
    await new Promise((r) => setTimeout(r, 200));
    if (firstSeen.size !== last) {
      last = firstSeen.size;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 120_000) {
      say(`  stalled at ${firstSeen.size}/${expected}`);
      break;
    }
  }
  const t1 = Math.max(...firstSeen.values());
  const lags = [...firstSeen].map(([id, at]) => at - (bodyAt.get(id) ?? at)).sort((a, b) => a - b);
  say(`${endpoints} endpoint(s): ${N} events → ${firstSeen.size} deliveries in ${((t1 - t0) / 1000).toFixed(1)} s = ${Math.round((firstSeen.size * 1000) / (t1 - t0))} deliveries/s` +
    ` (appending took ${((tAppended - t0) / 1000).toFixed(1)} s; ${requests - firstSeen.size} repeats); lag p50 ${pct(lags, 50)} ms, p95 ${pct(lags, 95)} ms, max ${lags.at(-1) ?? 0} ms`);
  const top = [...byCommand].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6);
  say(`  store time: ${top.map(([k, v]) => `${k} ${v.n}× ${Math.round(v.ms)} ms`).join(', ')}`);
  byCommand.clear();
  await ctx.models.WebhookEndpoint.updateMany({ sellerId: seller._id }, { $set: { enabled: false } });
}

try {
  say(`bench:webhooks: ${N} events, store ${uri.host} (${process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB/SQLite'}), redis ${config.REDIS_URL}`);
  for (const n of (process.env.BENCH_WEBHOOK_ENDPOINTS ?? '1,10').split(',').map(Number)) await run(n);
} finally {
  await workers.close();
  server.close();
  await rt.conn.dropDatabase().catch(() => {});
  await rt.close();
}
