/**
 * `npm run bench`: the backbone's throughput on this machine's store and Redis, printed (never asserted).
 *  - end-to-end orders/s: orders pulled from the sandbox storefront over HTTP → imported → audited →
 *    allocated with stock reserved (or held), by in-process BullMQ workers;
 *  - the raw bulk-upsert rate of the same order documents on the same store, in pages of the same size;
 *  - store round trips (commands) per order during the end-to-end run.
 * BENCH_ORDERS (default 2000) sets the size.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '../config/load.js';
import { bootstrap } from '../src/bootstrap.js';
import { readEnvFile } from '../src/embedded/env-files.js';
import { createLogger } from '../src/logger.js';
import { buildSandboxServer } from '../src/sandbox/server.js';
import { createCourier, createSku, createWarehouse } from '../src/services/catalog.service.js';
import { updateSettings } from '../src/services/merge-split/settings.js';
import { seedSampleRules } from '../src/services/rules/sample-rules.js';
import { createSeller } from '../src/services/sellers.service.js';
import { createShop } from '../src/services/shops.service.js';
import { adjustStock } from '../src/services/stock.service.js';
import { startWorkers } from '../workers/runtime.js';

const N = Number(process.env.BENCH_ORDERS ?? 2000);
const SKUS = 20;
const PAGE = 50;
const dataDir = fileURLToPath(new URL('../.data/', import.meta.url));
const services = readEnvFile(`${dataDir}services.env`);
const uri = new URL(process.env.MONGODB_URI ?? services.MONGODB_URI ?? 'mongodb://127.0.0.1:27117/oms');
uri.pathname = `/bench_${randomBytes(4).toString('hex')}`;
const config = loadConfigOrExit({
  MONGODB_URI: uri.toString(),
  REDIS_URL: process.env.REDIS_URL ?? services.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
  ADMIN_TOKEN: randomBytes(16).toString('hex'),
  CREDENTIALS_KEY: randomBytes(32).toString('hex'),
  LOG_LEVEL: 'warn',
  STOCK_PUSH_COALESCE_MS: '1000',
  ALLOW_PRIVATE_API_BASE_URLS: '1', // the bench's sandbox storefront listens on loopback
});
const log = createLogger('warn', { role: 'bench' });
const rt = await bootstrap(config, 'bench', log, { monitorCommands: true });
let commands = 0;
// Where the store time goes: total milliseconds per command and collection.
const byCommand = new Map<string, { n: number; ms: number }>();
const started = new Map<number, string>();
const client = rt.conn.getClient();
client.on('commandStarted', (e) => {
  commands++;
  const coll = (e.command as Record<string, unknown>)[e.commandName];
  started.set(e.requestId, `${e.commandName} ${typeof coll === 'string' ? coll : ''}`.trim());
});
const done = (e: { requestId: number; duration: number }) => {
  const k = started.get(e.requestId);
  if (!k) return;
  started.delete(e.requestId);
  const s = byCommand.get(k) ?? { n: 0, ms: 0 };
  s.n++;
  s.ms += e.duration;
  byCommand.set(k, s);
};
client.on('commandSucceeded', done);
client.on('commandFailed', done);
const ctx = rt.ctx;
const say = (s: string) => process.stdout.write(`${s}\n`);
let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

try {
  say(`bench: ${N} orders, ${SKUS} SKUs, rules ${process.env.BENCH_RULES === '0' ? 'off' : 'on'}, store ${uri.host} (${process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB/SQLite'}), redis ${config.REDIS_URL}`);
  const { seller } = await createSeller(ctx, 'Bench');
  await createWarehouse(ctx, seller._id, { code: 'A', name: 'A', priority: 1 });
  await createWarehouse(ctx, seller._id, { code: 'B', name: 'B', priority: 2 });
  await createCourier(ctx, seller._id, { code: 'SF', name: 'SF', isDefault: true });
  // Audit, warehouse and courier rules as a seller would have them (BENCH_RULES=0 runs the built-in checks only).
  if (process.env.BENCH_RULES !== '0') await seedSampleRules(ctx, seller._id, ['A', 'B'], ['SF']);
  // 合单 on (splitting by warehouse is on by default): buyers come back, so some of their orders merge.
  if (process.env.BENCH_MERGE !== '0') await updateSettings(ctx, seller._id, { merge: { enabled: true } });
  const skuCodes = Array.from({ length: SKUS }, (_, i) => `SKU-${String(i).padStart(3, '0')}`);
  const sandbox = buildSandboxServer({ apiKey: 'bench-key-0001', webhookSecret: 'bench-secret-01', now: () => new Date(Date.now() - 5000) });
  for (const code of skuCodes) {
    await createSku(ctx, seller._id, { code, name: code });
    // Enough for most orders in warehouse A, a little in B: some orders are held, as in real life.
    await adjustStock(ctx, seller._id, { warehouseCode: 'A', skuCode: code, mode: 'set', quantity: Math.floor((N * 1.6) / SKUS), reason: 'bench', idempotencyKey: `a-${code}` });
    await adjustStock(ctx, seller._id, { warehouseCode: 'B', skuCode: code, mode: 'set', quantity: 10, reason: 'bench', idempotencyKey: `b-${code}` });
    sandbox.store.upsertProduct({ sku: code, title: code, price: '19.90', available: 1000 });
  }
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < N; i++) {
    const lines = 1 + Math.floor(rnd() * 3);
    const picked = [...new Set(Array.from({ length: lines }, () => skuCodes[Math.floor(rnd() * SKUS)]!))];
    // About one order in ten comes from a buyer who ordered before (same name, same address).
    const buyer = rnd() < 0.1 && i > 0 ? Math.floor(rnd() * i) : i;
    const name = `Buyer ${buyer}`;
    sandbox.store.createOrder({
      lines: picked.map((sku) => ({ sku, quantity: 1 + Math.floor(rnd() * 2) })),
      customer: { name, email: `b${buyer}@example.com` },
      address: { name, address1: `${buyer} Bench Road`, city: 'Shanghai', province: 'Shanghai', zip: '200000', country_code: 'CN' },
    });
  }
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const shop = await createShop(ctx, seller._id, {
    platform: 'sandbox', name: 'Bench shop', credentials: { apiKey: 'bench-key-0001', webhookSecret: 'bench-secret-01' },
    apiBaseUrl: `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`,
  });

  const workers = startWorkers(ctx, rt.redis, rt.sink, { prefix: config.QUEUE_PREFIX, concurrency: 8, syncIntervalSeconds: 3600, sweepIntervalSeconds: 3600, cron: false });
  const c0 = commands;
  const t0 = performance.now();
  await ctx.jobs.add('import', { shopId: shop._id, reason: 'manual' }, { jobId: `import:${shop._id}:bench` });
  // Watch the queues in Redis (not the store, which would slow what it measures); count once they are idle.
  let tPulled = 0;
  const busy = async (q: 'import' | 'pipeline') => {
    const c = await rt.sink.queues[q].getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(c).reduce((a, b) => a + b, 0) > 0;
  };
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (!tPulled && !(await busy('import'))) tPulled = performance.now();
    if (tPulled && !(await busy('import')) && !(await busy('pipeline'))) {
      const decided = await ctx.models.Order.countDocuments({ sellerId: seller._id, hubStatus: { $in: ['allocated', 'on_hold', 'merged', 'split'] } });
      if (decided >= N) break;
    }
  }
  const t1 = performance.now();
  const c1 = commands;
  const top = [...byCommand].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
  await workers.close();
  await sandbox.app.close();
  const held = await ctx.models.Order.countDocuments({ sellerId: seller._id, hubStatus: 'on_hold' });
  const merged = await ctx.models.Order.countDocuments({ sellerId: seller._id, hubStatus: 'merged' });
  const split = await ctx.models.Order.countDocuments({ sellerId: seller._id, hubStatus: 'split' });

  // The same documents, bulk-upserted raw, page by page, on the same store, keyed by their _id (which the hub
  // derives from shop and platform order id), twice: the first pass inserts, the second updates.
  const docs = await ctx.models.Order.find({ sellerId: seller._id }).lean();
  const raw = rt.conn.collection('bench_raw_orders');
  const r0 = performance.now();
  for (const pass of [1, 2]) {
    for (let i = 0; i < docs.length; i += PAGE) {
      await raw.bulkWrite(docs.slice(i, i + PAGE).map(({ _id, ...d }) => ({
        updateOne: { filter: { _id }, update: { $set: { ...d, pass } }, upsert: true },
      })) as never, { ordered: false });
    }
  }
  const r1 = performance.now();

  const secs = (t1 - t0) / 1000;
  const figures = {
    orders: N,
    heldOrders: held,
    mergedOrders: merged,
    splitOrders: split,
    endToEndOrdersPerSec: Math.round(N / secs),
    endToEndSeconds: Number(secs.toFixed(2)),
    pullAndImportSeconds: Number(((tPulled - t0) / 1000).toFixed(2)),
    rawBulkUpsertDocsPerSec: Math.round((2 * docs.length) / ((r1 - r0) / 1000)),
    storeRoundTripsPerOrder: Number(((c1 - c0) / N).toFixed(1)),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  };
  say(`end-to-end (pulled → reserved/held): ${figures.endToEndOrdersPerSec} orders/s (${figures.endToEndSeconds} s; all pulled after ${figures.pullAndImportSeconds} s; ${held} held, ${merged} merged, ${split} split)`);
  say(`raw bulk upsert of the same documents: ${figures.rawBulkUpsertDocsPerSec} docs/s (pages of ${PAGE})`);
  say(`store round trips per order: ${figures.storeRoundTripsPerOrder}`);
  say(`peak RSS: ${figures.peakRssMiB} MiB`);
  say(`store time by command (end-to-end run): ${top.map(([k, v]) => `${k} ×${v.n} ${Math.round(v.ms)} ms`).join('; ')}`);
  say(JSON.stringify(figures));
} finally {
  clearInterval(rssTimer);
  const keys = await rt.redis.keys(`${config.QUEUE_PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 500) await rt.redis.del(...keys.slice(i, i + 500));
  await rt.conn.dropDatabase().catch(() => undefined);
  await rt.close();
}
