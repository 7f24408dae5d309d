/**
 * `npm run bench`: the backbone's throughput on this machine's store and Redis, printed (never asserted).
 *  - end-to-end orders/s (pulled from the sandbox storefront over HTTP → imported → audited → merged/split →
 *    allocated with stock reserved, or held) by in-process BullMQ workers, rules, merge and split on, with
 *    BENCH_PRELOAD_SMALL (default 2000) orders already in the store;
 *  - the raw bulk-upsert rate of the same order documents on the same store, and the ratio;
 *  - store round trips (commands) and Redis commands per order during that run;
 *  - the same end-to-end run with 2 worker processes (BENCH_PROCS=0 skips it);
 *  - with BENCH_PRELOAD=100000 (opt-in: slow to load), the end-to-end run again with that many orders in the store;
 *  - p95 of the exception queue, order search (phone, tracking number, platform order number) and order detail
 *    over the API, with the most orders the run loaded; peak RSS.
 * BENCH_ORDERS (default 2000) sets the size of each end-to-end run.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '../config/load.js';
import { buildServer } from '../src/api/server.js';
import { bootstrap } from '../src/bootstrap.js';
import { readEnvFile } from '../src/embedded/env-files.js';
import { createLogger } from '../src/logger.js';
import { readinessProbe } from '../src/probe.js';
import { buildSandboxServer } from '../src/sandbox/server.js';
import { createCourier, createSku, createWarehouse } from '../src/services/catalog.service.js';
import { updateSettings } from '../src/services/merge-split/settings.js';
import { seedSampleRules } from '../src/services/rules/sample-rules.js';
import { createSeller } from '../src/services/sellers.service.js';
import { createShop } from '../src/services/shops.service.js';
import { adjustStock } from '../src/services/stock.service.js';
import { startWorkers } from '../workers/runtime.js';
import { p95, preloadOrders, redisCounter, spawnWorker, stopWorker, watchStoreCommands } from './bench-parts.js';

const N = Number(process.env.BENCH_ORDERS ?? 2000);
const PRELOAD_SMALL = Number(process.env.BENCH_PRELOAD_SMALL ?? 2000);
const PRELOAD = Number(process.env.BENCH_PRELOAD ?? 0);
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
// Where the store time goes: total milliseconds per command and collection.
const watched = watchStoreCommands(rt.conn.getClient());
const byCommand = watched.byCommand;
const ctx = rt.ctx;
const say = (s: string) => process.stdout.write(`${s}\n`);
let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const redisCount = await redisCounter(config.REDIS_URL, config.QUEUE_PREFIX);

try {
  say(`bench: ${N} orders per run, ${SKUS} SKUs, rules ${process.env.BENCH_RULES === '0' ? 'off' : 'on'}, store ${uri.host} (${process.env.MONGODB_URI ? 'MONGODB_URI' : 'services.env'}), redis ${config.REDIS_URL}`);
  const { seller, apiKey } = await createSeller(ctx, 'Bench');
  await createWarehouse(ctx, seller._id, { code: 'A', name: 'A', priority: 1 });
  await createWarehouse(ctx, seller._id, { code: 'B', name: 'B', priority: 2 });
  await createCourier(ctx, seller._id, { code: 'SF', name: 'SF', isDefault: true });
  // Audit, warehouse and courier rules as a seller would have them (BENCH_RULES=0 runs the built-in checks only).
  if (process.env.BENCH_RULES !== '0') await seedSampleRules(ctx, seller._id, ['A', 'B'], ['SF']);
  // 合单 on (splitting by warehouse is on by default): buyers come back, so some of their orders merge.
  if (process.env.BENCH_MERGE !== '0') await updateSettings(ctx, seller._id, { merge: { enabled: true } });
  const skuCodes = Array.from({ length: SKUS }, (_, i) => `SKU-${String(i).padStart(3, '0')}`);
  for (const code of skuCodes) await createSku(ctx, seller._id, { code, name: code });
  let run = 0;
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  /** One end-to-end run: a fresh storefront with N orders, pulled and decided by in-process workers or `procs` worker processes. */
  async function endToEnd(label: string, procs = 0) {
    run++;
    for (const code of skuCodes) {
      // Enough for most orders in warehouse A, a little in B: some orders are held, as in real life.
      const levels = await ctx.models.StockLevel.find({ sellerId: seller._id, skuCode: code }).lean();
      const reserved = (wh: string) => levels.find((l) => l.warehouseId === wh)?.reserved ?? 0;
      const [a, b] = await Promise.all(['A', 'B'].map((c) => ctx.models.Warehouse.findOne({ sellerId: seller._id, code: c }).lean()));
      await adjustStock(ctx, seller._id, { warehouseCode: 'A', skuCode: code, mode: 'set', quantity: reserved(a!._id) + Math.floor((N * 1.6) / SKUS), reason: 'bench', idempotencyKey: `a-${run}-${code}` });
      await adjustStock(ctx, seller._id, { warehouseCode: 'B', skuCode: code, mode: 'set', quantity: reserved(b!._id) + 10, reason: 'bench', idempotencyKey: `b-${run}-${code}` });
    }
    const sandbox = buildSandboxServer({ apiKey: 'bench-key-0001', webhookSecret: 'bench-secret-01', now: () => new Date(Date.now() - 5000) });
    for (const code of skuCodes) sandbox.store.upsertProduct({ sku: code, title: code, price: '19.90', available: 1000 });
    for (let i = 0; i < N; i++) {
      const lines = 1 + Math.floor(rnd() * 3);
      const picked = [...new Set(Array.from({ length: lines }, () => skuCodes[Math.floor(rnd() * SKUS)]!))];
      // About one order in ten comes from a buyer who ordered before (same name, same address).
      const buyer = `${run}-${rnd() < 0.1 && i > 0 ? Math.floor(rnd() * i) : i}`;
      const name = `Buyer ${buyer}`;
      sandbox.store.createOrder({
        lines: picked.map((sku) => ({ sku, quantity: 1 + Math.floor(rnd() * 2) })),
        customer: { name, email: `b${buyer}@example.com` },
        address: { name, address1: `${buyer} Bench Road`, city: 'Shanghai', province: 'Shanghai', zip: '200000', country_code: 'CN' },
      });
    }
    await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
    const shop = await createShop(ctx, seller._id, {
      platform: 'sandbox', name: `Bench shop ${run}`, credentials: { apiKey: 'bench-key-0001', webhookSecret: 'bench-secret-01' },
      apiBaseUrl: `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`,
    });
    const children = Array.from({ length: procs }, () => spawnWorker(config));
    const workers = procs ? undefined : startWorkers(ctx, rt.redis, rt.sink, { prefix: config.QUEUE_PREFIX, concurrency: 8, syncIntervalSeconds: 3600, sweepIntervalSeconds: 3600, cron: false });
    byCommand.clear();
    const c0 = watched.count();
    const r0 = redisCount.read();
    const t0 = performance.now();
    await ctx.jobs.add('import', { shopId: shop._id, reason: 'manual' }, { jobId: `import:${shop._id}:bench` });
    // Watch the queues in Redis (not the store, which would slow what it measures); count once they are idle.
    let tPulled = 0;
    const busy = async (q: 'import' | 'pipeline') => {
      const c = await rt.sink.queues[q].getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(c).reduce((a, b) => a + b, 0) > 0;
    };
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      if (!tPulled && !(await busy('import'))) tPulled = performance.now();
      if (tPulled && !(await busy('import')) && !(await busy('pipeline'))) {
        const decided = await ctx.models.Order.countDocuments({ sellerId: seller._id, shopId: shop._id, hubStatus: { $in: ['allocated', 'on_hold', 'merged', 'split'] } });
        if (decided >= N) break;
      }
    }
    const t1 = performance.now();
    const c1 = watched.count();
    const r1 = redisCount.read();
    const top = [...byCommand].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
    await workers?.close();
    await Promise.all(children.map(stopWorker));
    await sandbox.app.close();
    const count = (hubStatus: string) => ctx.models.Order.countDocuments({ sellerId: seller._id, shopId: shop._id, hubStatus });
    const [held, merged, split] = [await count('on_hold'), await count('merged'), await count('split')];
    const secs = (t1 - t0) / 1000;
    const out = {
      label, ordersInStoreBefore: 0, ordersPerSec: Math.round(N / secs), seconds: Number(secs.toFixed(2)), pullAndImportSeconds: Number(((tPulled - t0) / 1000).toFixed(2)),
      held, merged, split,
      storeRoundTripsPerOrder: procs ? null : Number(((c1 - c0) / N).toFixed(2)),
      redisCommandsPerOrder: Number(((r1.all - r0.all) / N).toFixed(2)),
      redisLockCommandsPerOrder: Number(((r1.locks - r0.locks) / N).toFixed(2)),
    };
    say(`[${label}] end-to-end (pulled → reserved/held): ${out.ordersPerSec} orders/s (${out.seconds} s; all pulled after ${out.pullAndImportSeconds} s; ${held} held, ${merged} merged, ${split} split)`);
    if (!procs) say(`[${label}] store round trips per order: ${out.storeRoundTripsPerOrder}; store time by command: ${top.map(([k, v]) => `${k} ×${v.n} ${Math.round(v.ms)} ms`).join('; ')}`);
    say(`[${label}] Redis commands per order: ${out.redisCommandsPerOrder} (of which locks ${out.redisLockCommandsPerOrder}; the rest is BullMQ transport)`);
    return { out, shopId: shop._id };
  }

  // History: order documents like the imported ones, bulk-inserted raw.
  const at = new Date(Date.now() - 86_400_000);
  const tplDoc = {
    sellerId: seller._id, platform: 'sandbox', platformStatus: 'paid', platformState: 'paid', platformCreatedAt: at, platformUpdatedAt: at, currency: 'CNY',
    address: { city: 'Shanghai', region: 'Shanghai', postalCode: '200000', country: 'CN' }, remarks: {}, flags: {},
    lines: [{ lineId: 'L1', platformSku: skuCodes[0], skuCode: skuCodes[0], title: skuCodes[0], quantity: 1, refundedQuantity: 0, unitPrice: '19.90' }],
    amounts: { subtotal: '19.90', shipping: '0.00', tax: '0.00', discount: '0.00', total: '19.90' },
    allocationSeq: 1, stockState: 'none', refundIds: [],
  };
  const history = async (target: number) => {
    const t = performance.now();
    const n = await preloadOrders(ctx, seller._id, tplDoc, target);
    say(`preloaded: ${n} orders in the store (${((performance.now() - t) / 1000).toFixed(1)} s of raw bulk inserts)`);
    return n;
  };

  // 1. End-to-end with PRELOAD_SMALL orders in the store.
  let inStore = await history(PRELOAD_SMALL);
  const small = await endToEnd(`1 process, ${inStore} in store`);
  small.out.ordersInStoreBefore = inStore;

  // 2. The raw bulk-upsert rate of the same documents, page by page, on the same store, keyed by their _id,
  //    twice: the first pass inserts, the second updates.
  const docs = await ctx.models.Order.find({ shopId: small.shopId }).lean();
  const raw = rt.conn.collection('bench_raw_orders');
  const w0 = performance.now();
  for (const pass of [1, 2]) {
    for (let i = 0; i < docs.length; i += PAGE) {
      await raw.bulkWrite(docs.slice(i, i + PAGE).map(({ _id, ...d }) => ({
        updateOne: { filter: { _id }, update: { $set: { ...d, pass } }, upsert: true },
      })) as never, { ordered: false });
    }
  }
  const rawRate = Math.round((2 * docs.length) / ((performance.now() - w0) / 1000));
  await raw.drop().catch(() => undefined);
  say(`raw bulk upsert of the same documents: ${rawRate} docs/s (pages of ${PAGE}); end-to-end / raw = ${(small.out.ordersPerSec / rawRate).toFixed(2)}`);

  // 3. Two worker processes.
  const two = process.env.BENCH_PROCS === '0' ? null : await endToEnd('2 worker processes', 2);
  if (two) say(`2 processes / 1 process: ${(two.out.ordersPerSec / small.out.ordersPerSec).toFixed(2)}`);

  // 4. Many orders in the store (opt-in).
  let big: Awaited<ReturnType<typeof endToEnd>> | null = null;
  if (PRELOAD > inStore) {
    inStore = await history(PRELOAD);
    big = await endToEnd(`1 process, ${inStore} in store`);
    big.out.ordersInStoreBefore = inStore;
    say(`throughput with ${inStore} / with ${small.out.ordersInStoreBefore} in store: ${(big.out.ordersPerSec / small.out.ordersPerSec).toFixed(2)}`);
  }

  // 5. API latencies with everything loaded.
  const app = await buildServer({ ctx, adminToken: config.ADMIN_TOKEN, probe: readinessProbe(rt) });
  const headers = { authorization: `Bearer ${apiKey}` };
  const timed = async (urls: string[]) => {
    const ms: number[] = [];
    for (const url of urls) {
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      ms.push(performance.now() - t);
    }
    return p95(ms);
  };
  const K = Number(process.env.BENCH_SAMPLES ?? 30);
  const pick = () => Math.floor(rnd() * Math.max(1, inStore - N * run));
  const latency = {
    exceptionQueue: await timed(Array.from({ length: K }, () => '/v1/exceptions?limit=50')),
    searchByPhone: await timed(Array.from({ length: K }, () => `/v1/orders?q=1390${String(pick()).padStart(7, '0')}`)),
    searchByTracking: await timed(Array.from({ length: K }, () => `/v1/orders?q=SFH${pick()}`)),
    searchByPlatformOrderId: await timed(Array.from({ length: K }, () => `/v1/orders?q=H-${pick()}`)),
    orderDetail: await timed(Array.from({ length: K }, () => `/v1/orders/hist_${pick()}`)),
  };
  await app.close();
  say(`p95 ms with ${inStore} orders in store (${K} requests each): ${Object.entries(latency).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  say(`peak RSS (bench process, in-process workers): ${Math.round(peakRss / 2 ** 20)} MiB`);
  say(JSON.stringify({ runs: [small.out, two?.out ?? null, big?.out ?? null], rawBulkUpsertDocsPerSec: rawRate, ratio: Number((small.out.ordersPerSec / rawRate).toFixed(2)), latencyP95Ms: latency, peakRssMiB: Math.round(peakRss / 2 ** 20) }));
} finally {
  clearInterval(rssTimer);
  redisCount.close();
  const keys = await rt.redis.keys(`${config.QUEUE_PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 500) await rt.redis.del(...keys.slice(i, i + 500));
  await rt.conn.dropDatabase().catch(() => undefined);
  await rt.close();
}
