import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { sandboxSeller } from '../helpers/sandbox-shop.js';
import { spawnWorker, stopWorker } from '../helpers/worker-process.js';

/**
 * Crash safety: worker processes are SIGKILLed again and again while orders go through the pipeline and
 * while shipments are written back. No order is lost, none is duplicated, no reservation exceeds stock,
 * no stock is deducted twice and no parcel reaches the storefront twice.
 */
const API_KEY = 'sandbox-key-crash-0001';
const SECRET = 'sandbox-secret-crash-01';
const ORDERS = 60;
const STOCK = 45;
const KILLS = 5;
let hub: TestHub;
let sandbox: Sandbox;
let seller: { id: string; auth: { authorization: string } };
const procs: ReturnType<typeof spawnWorker>[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  hub = await startTestHub();
  ({ sandbox, seller } = await sandboxSeller(hub, { name: 'Crash', apiKey: API_KEY, webhookSecret: SECRET, sku: 'TEE', stock: STOCK }));
}, 60_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => stopWorker(p, 'SIGKILL')));
  await hub?.close();
  await sandbox?.app.close();
});

/** Starts a worker, lets it run for a random moment, kills it; `times` times, leaving one survivor. */
async function chaos(times: number, seed: number): Promise<void> {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < times; i++) {
    const w = spawnWorker(hub.config, { SWEEP_INTERVAL_SECONDS: '5' });
    procs.push(w);
    await sleep(1500 + Math.floor(rnd() * 2500));
    expect(await stopWorker(w, 'SIGKILL')).toBeNull();
  }
  procs.push(spawnWorker(hub.config, { SWEEP_INTERVAL_SECONDS: '5' }));
}

describe('SIGKILL in the middle of the work, repeatedly', () => {
  it('pipeline: every order decided once, reservations within stock', async () => {
    const models = hub.rt.ctx.models;
    for (let i = 0; i < ORDERS; i++) sandbox.store.createOrder({ lines: [{ sku: 'TEE', quantity: 1 }] });
    await chaos(KILLS, 7);
    const done = await eventually(async () => {
      const allocated = await models.Order.countDocuments({ sellerId: seller.id, hubStatus: 'allocated' });
      const held = await models.Order.countDocuments({ sellerId: seller.id, hubStatus: 'on_hold' });
      return allocated + held === ORDERS ? { allocated, held } : undefined;
    }, 'every order decided', 180_000);
    expect(done).toEqual({ allocated: STOCK, held: ORDERS - STOCK });
    expect(await models.Order.countDocuments({ sellerId: seller.id })).toBe(ORDERS);
    expect(await models.StockLevel.findOne({ sellerId: seller.id }).lean()).toMatchObject({ onHand: STOCK, reserved: STOCK });
    expect(await reconcileStock(models, seller.id)).toEqual([]);
  }, 240_000);

  it('shipping and write-back: each parcel deducted once and sent to the storefront once', async () => {
    const models = hub.rt.ctx.models;
    const allocated = await models.Order.find({ sellerId: seller.id, hubStatus: 'allocated' }, { _id: 1, platformOrderId: 1 }).lean();
    const chaosDone = chaos(KILLS, 13);
    // Ship every allocated order (twice over, as an impatient client would), while workers die.
    for (const [i, o] of allocated.entries()) {
      const body = { trackingNumber: `SF${String(100000 + i)}`, courierCode: 'SF' };
      // A 503 (order busy) is "try again", as the API documents; the two answers are one 201 and one 200.
      const ship = async (): Promise<number> => {
        for (;;) {
          const res = await hub.app.inject({ method: 'POST', url: `/v1/orders/${o._id}/ship`, headers: seller.auth, payload: body });
          if (res.statusCode !== 503) return res.statusCode;
          await sleep(300);
        }
      };
      expect((await Promise.all([ship(), ship()])).sort()).toEqual([200, 201]);
    }
    await chaosDone;
    await eventually(async () => (allocated.every((o) => sandbox.store.order(o.platformOrderId).fulfillments.length > 0) ? true : undefined), 'every tracking number at the storefront', 180_000);
    for (const o of allocated) expect(sandbox.store.order(o.platformOrderId).fulfillments).toHaveLength(1);
    expect(await models.StockLevel.findOne({ sellerId: seller.id }).lean()).toMatchObject({ onHand: 0, reserved: 0 });
    expect(await models.StockMovement.countDocuments({ sellerId: seller.id, type: 'deduct' })).toBe(STOCK);
    expect(await reconcileStock(models, seller.id)).toEqual([]);
  }, 240_000);
});
