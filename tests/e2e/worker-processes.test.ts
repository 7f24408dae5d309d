import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { sandboxSeller } from '../helpers/sandbox-shop.js';
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
  hub = await startTestHub();
  const world = await sandboxSeller(hub, { name: 'Workers', apiKey: API_KEY, webhookSecret: SECRET, sku: 'TEE', stock: STOCK });
  sandbox = world.sandbox;
  sellerId = world.seller.id;
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
