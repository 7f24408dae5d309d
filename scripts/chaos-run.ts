import { reconcileStock } from '../src/services/stock-reconcile.js';
import { startTestHub } from '../tests/helpers/hub.js';
import { privateFerret, privateRedis } from '../tests/helpers/private-services.js';
import { sandboxSeller } from '../tests/helpers/sandbox-shop.js';
import { spawnWorker, stopWorker } from '../tests/helpers/worker-process.js';

export interface ChaosOptions { kills: number; orders: number; stock: number; log?: (msg: string) => void }
export interface ChaosReport {
  kills: number; orders: number; redisRestarts: number; storeRestarts: number; faultsInjected: number;
  lost: number; duplicated: number; doubleDeductions: number; doubleFulfilments: number; stockDrift: number; recoverSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(250);
  }
}

/**
 * Loopback only: its own redis-server and FerretDB on spare ports, the sandbox storefront with injected 429/5xx,
 * worker processes SIGKILLed `kills` times (half while orders go through the pipeline, half while shipments are
 * written back), Redis restarted (its queues lost) and the store killed and restarted mid-run. Then counts.
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const say = o.log ?? (() => {});
  const [redis, store] = await Promise.all([privateRedis(), privateFerret()]);
  await Promise.all([redis.start(), store.start()]);
  process.env.MONGODB_URI = store.url;
  process.env.REDIS_URL = redis.url;
  const hub = await startTestHub();
  const world = await sandboxSeller(hub, { name: 'Chaos', apiKey: 'sandbox-key-chaos-0001', webhookSecret: 'sandbox-secret-chaos-01', sku: 'TEE', stock: o.stock });
  const { sandbox, seller } = world;
  const models = hub.rt.ctx.models;
  const procs: ReturnType<typeof spawnWorker>[] = [];
  const env = { SWEEP_INTERVAL_SECONDS: '5', SYNC_INTERVAL_SECONDS: '5' };
  const report: ChaosReport = { kills: 0, orders: o.orders, redisRestarts: 0, storeRestarts: 0, faultsInjected: 0, lost: 0, duplicated: 0, doubleDeductions: 0, doubleFulfilments: 0, stockDrift: 0, recoverSeconds: 0 };
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const killLoop = async (times: number, midway: () => Promise<void>) => {
    for (let i = 0; i < times; i++) {
      const w = spawnWorker(hub.config, env);
      procs.push(w);
      await sleep(700 + Math.floor(rnd() * 1300));
      await stopWorker(w, 'SIGKILL');
      report.kills++;
      if (i === Math.floor(times / 2)) await midway();
    }
    procs.push(spawnWorker(hub.config, env), spawnWorker(hub.config, env));
  };
  try {
    for (const [status, count] of [[429, 3], [500, 3], [503, 2]] as const) sandbox.injectFault({ pathPrefix: '/', status, count, retryAfterSeconds: 1 });
    report.faultsInjected = 8;
    for (let i = 0; i < o.orders; i++) sandbox.store.createOrder({ lines: [{ sku: 'TEE', quantity: 1 }] });
    say(`pipeline phase: ${Math.ceil(o.kills / 2)} kills, a Redis restart midway`);
    await killLoop(Math.ceil(o.kills / 2), async () => {
      await redis.kill();
      await sleep(1000);
      await redis.start();
      report.redisRestarts++;
    });
    let recoverFrom = Date.now();
    await until('every order decided', async () => {
      const n = await models.Order.countDocuments({ sellerId: seller.id, hubStatus: { $in: ['allocated', 'on_hold'] } });
      return n >= o.orders ? true : undefined;
    }, 300_000);
    report.recoverSeconds = Math.max(report.recoverSeconds, (Date.now() - recoverFrom) / 1000);

    say(`write-back phase: ${Math.floor(o.kills / 2)} kills, a store restart midway`);
    const allocated = await models.Order.find({ sellerId: seller.id, hubStatus: 'allocated' }, { _id: 1, platformOrderId: 1 }).lean();
    const kills = killLoop(Math.floor(o.kills / 2), async () => {
      await store.kill();
      await sleep(2000);
      await store.start();
      report.storeRestarts++;
    });
    for (const [i, ord] of allocated.entries()) {
      const payload = { trackingNumber: `SF${String(500000 + i)}`, courierCode: 'SF' };
      for (;;) {
        const res = await hub.app.inject({ method: 'POST', url: `/v1/orders/${ord._id}/ship`, headers: seller.auth, payload }).catch(() => undefined);
        if (res && (res.statusCode === 201 || res.statusCode === 200)) break;
        await sleep(300);
      }
    }
    await kills;
    recoverFrom = Date.now();
    await until('every parcel at the storefront', async () => (allocated.every((a) => sandbox.store.order(a.platformOrderId).fulfillments.length > 0) ? true : undefined), 300_000);
    report.recoverSeconds = Math.max(report.recoverSeconds, (Date.now() - recoverFrom) / 1000);

    const hubOrders = await models.Order.find({ sellerId: seller.id }, { platformOrderId: 1 }).lean();
    const pids = new Set(hubOrders.map((h) => h.platformOrderId));
    report.lost = sandbox.store.orders().filter((s) => !pids.has(s.id)).length;
    report.duplicated = hubOrders.length - pids.size;
    report.doubleDeductions = Math.max(0, (await models.StockMovement.countDocuments({ sellerId: seller.id, type: 'deduct' })) - allocated.length);
    report.doubleFulfilments = allocated.filter((a) => sandbox.store.order(a.platformOrderId).fulfillments.length > 1).length;
    const level = await models.StockLevel.findOne({ sellerId: seller.id }).lean();
    report.stockDrift = (await reconcileStock(models, seller.id)).length + (level && level.onHand === o.stock - allocated.length && level.reserved === 0 ? 0 : 1);
    return report;
  } finally {
    await Promise.all(procs.map((p) => stopWorker(p, 'SIGKILL')));
    await hub.close().catch(() => {});
    await sandbox.app.close();
    await Promise.all([redis.dispose(), store.dispose()]);
  }
}

export function chaosTable(r: ChaosReport): string {
  const rows: [string, string | number][] = [
    ['worker SIGKILLs', r.kills], ['orders', r.orders], ['Redis restarts', r.redisRestarts], ['store restarts', r.storeRestarts], ['platform faults injected (429/500/503)', r.faultsInjected],
    ['orders lost', r.lost], ['orders duplicated', r.duplicated], ['double deductions', r.doubleDeductions], ['double fulfilments', r.doubleFulfilments], ['stock drift', r.stockDrift],
    ['time to recover (s)', r.recoverSeconds.toFixed(1)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `| ${k.padEnd(w)} | ${String(v).padStart(8)} |`).join('\n');
}
