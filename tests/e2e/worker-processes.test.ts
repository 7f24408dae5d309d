import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxServer, type Sandbox } from '../../src/sandbox/server.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { spawnWorker, stopWorker } from '../helpers/worker-process.js';

/**
 * `npm run worker` N times side by side: three worker processes share the queues; each runs the cron that
 * schedules syncs and sweeps. One of them is SIGKILLed while orders are flowing and a fresh one takes its
 * place. Every order still arrives exactly once and stock is reserved exactly up to what there is.
 */
const API_KEY = 'sandbox-key-workers-01';
const SECRET = 'sandbox-secret-workers-01';
const ORDERS = 40;
const STOCK = 25;
let hub: TestHub;
let sandbox: Sandbox;
let sellerId: string;
const workers: ReturnType<typeof spawnWorker>[] = [];

beforeAll(async () => {
  sandbox = buildSandboxServer({ apiKey: API_KEY, webhookSecret: SECRET, now: () => new Date(Date.now() - 3000) });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  hub = await startTestHub();
  const seller = await hub.newSeller('Workers');
  sellerId = seller.id;
  const call = (url: string, payload: object) => hub.app.inject({ method: 'POST', url, headers: seller.auth, payload });
  await call('/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 1 });
  await call('/v1/couriers', { code: 'SF', name: 'SF', isDefault: true });
  await call('/v1/skus', { code: 'TEE', name: 'Tee' });
  await call('/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode: 'TEE', mode: 'set', quantity: STOCK, reason: 'opening', idempotencyKey: 'open' });
  sandbox.store.upsertProduct({ sku: 'TEE', title: 'Tee', price: '9.90', available: 100 });
  const shop = await call('/v1/shops', {
    platform: 'sandbox', name: 'Sandbox', credentials: { apiKey: API_KEY, webhookSecret: SECRET },
    apiBaseUrl: `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`,
  });
  expect(shop.statusCode).toBe(201);
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
  await hub?.close();
  await sandbox?.app.close();
});

describe('worker processes side by side', () => {
  it('three processes, one killed mid-flow: every order once, reservations never exceed stock', async () => {
    for (let i = 0; i < 3; i++) workers.push(spawnWorker(hub.config));
    const models = hub.rt.ctx.models;
    for (let i = 0; i < ORDERS; i++) sandbox.store.createOrder({ lines: [{ sku: 'TEE', quantity: 1 }] });

    // The workers' own cron schedules the sync; kill one as soon as the pipeline has started.
    await eventually(async () => ((await models.Order.countDocuments({ sellerId, hubStatus: { $ne: 'pending' } })) > 0 ? true : undefined), 'pipeline started', 60_000);
    expect(await stopWorker(workers[0]!, 'SIGKILL')).toBeNull();
    workers.push(spawnWorker(hub.config));

    const done = await eventually(async () => {
      const counts = { allocated: await models.Order.countDocuments({ sellerId, hubStatus: 'allocated' }), held: await models.Order.countDocuments({ sellerId, hubStatus: 'on_hold' }) };
      return counts.allocated + counts.held === ORDERS ? counts : undefined;
    }, 'every order decided', 120_000);
    expect(done).toEqual({ allocated: STOCK, held: ORDERS - STOCK });
    expect(await models.Order.countDocuments({ sellerId })).toBe(ORDERS);
    expect(new Set((await models.Order.find({ sellerId }, { platformOrderId: 1 }).lean()).map((o) => o.platformOrderId)).size).toBe(ORDERS);
    const level = await models.StockLevel.findOne({ sellerId, skuCode: 'TEE' }).lean();
    expect(level).toMatchObject({ onHand: STOCK, reserved: STOCK, available: 0 });
    expect(await reconcileStock(models, sellerId)).toEqual([]);
    for (const w of workers.slice(1)) expect(w.output.join('')).not.toMatch(/"level":(50|60)/);
  }, 200_000);
});
