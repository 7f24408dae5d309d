import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { buildSandboxServer, type Sandbox } from '../../src/sandbox/server.js';
import { signSandboxWebhook } from '../../src/sandbox/webhooks.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';

/**
 * The backbone's vertical slice over real HTTP: the sandbox storefront on a loopback port, the hub's API
 * listening, its BullMQ workers on real Redis and the real store. Orders travel storefront → import →
 * pipeline → ship → tracking and stock back to the storefront; refunds and webhooks take their paths.
 */
const API_KEY = 'sandbox-key-e2e-0001';
const WEBHOOK_SECRET = 'sandbox-secret-e2e-0001';
let hub: TestHub;
let sandbox: Sandbox;
let hubUrl: string;
let auth: { authorization: string };
let shopId: string;

const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await hub.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
};
const orderByPid = async (pid: string) => {
  const list = await call('GET', `/v1/orders?shopId=${shopId}&limit=200`);
  return (list.body.items as { id: string; platformOrderId: string; hubStatus: string; holds: { code: string }[] }[]).find((o) => o.platformOrderId === pid);
};
const stockOf = async (sku: string) => (await call('GET', `/v1/stock?skuCode=${sku}`)).body.items[0] as { onHand: number; reserved: number; available: number };
const sync = () => call('POST', `/v1/shops/${shopId}/sync`);

beforeAll(async () => {
  // The storefront's clock runs 3 s behind: its changes are already past the connector's settle lag.
  sandbox = buildSandboxServer({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, rateLimit: { ratePerSec: 50, burst: 50 }, now: () => new Date(Date.now() - 3000) });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const sandboxUrl = `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`;
  hub = await startTestHub({ workers: true });
  await hub.app.listen({ host: '127.0.0.1', port: 0 });
  hubUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  auth = (await hub.newSeller('E2E seller')).auth;

  await call('POST', '/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 10 });
  await call('POST', '/v1/couriers', { code: 'SF', name: 'SF Express', isDefault: true });
  for (const [code, qty] of [['TEE', 10], ['MUG', 0], ['CAP', 5]] as const) {
    await call('POST', '/v1/skus', { code, name: code });
    if (qty > 0) await call('POST', '/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode: code, mode: 'set', quantity: qty, reason: 'opening', idempotencyKey: `open-${code}` });
    sandbox.store.upsertProduct({ sku: code, title: code, price: '10.00', available: 99 });
  }
  const shop = await call('POST', '/v1/shops', { platform: 'sandbox', name: 'Sandbox', credentials: { apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET }, apiBaseUrl: sandboxUrl });
  expect(shop.status).toBe(201);
  expect(JSON.stringify(shop.body)).not.toContain(API_KEY);
  shopId = shop.body.id;
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await sandbox?.app.close();
});

describe('vertical slice through the sandbox storefront', () => {
  let ship: string;
  let held: string;
  let refunded: string;

  it('pulls three orders: two allocated, one held as out of stock', async () => {
    ship = sandbox.store.createOrder({ lines: [{ sku: 'TEE', quantity: 2 }] }).id;
    held = sandbox.store.createOrder({ lines: [{ sku: 'MUG', quantity: 1 }] }).id;
    refunded = sandbox.store.createOrder({ lines: [{ sku: 'CAP', quantity: 1 }] }).id;
    // A throttling answer in the middle of the pull: the connector waits out Retry-After and carries on.
    sandbox.injectFault({ pathPrefix: '/api/v1/refunds', status: 429, count: 1, retryAfterSeconds: 1 });
    expect((await sync()).status).toBe(202);

    expect((await eventually(async () => { const o = await orderByPid(ship); return o?.hubStatus === 'allocated' ? o : undefined; }, 'order 1 allocated')).holds).toEqual([]);
    const h = await eventually(async () => { const o = await orderByPid(held); return o?.hubStatus === 'on_hold' ? o : undefined; }, 'order 2 held');
    expect(h.holds.map((x) => x.code)).toEqual(['OUT_OF_STOCK']);
    await eventually(async () => ((await orderByPid(refunded))?.hubStatus === 'allocated' ? true : undefined), 'order 3 allocated');
    expect(await stockOf('TEE')).toMatchObject({ onHand: 10, reserved: 2, available: 8 });
    expect(await stockOf('CAP')).toMatchObject({ onHand: 5, reserved: 1, available: 4 });
    await eventually(async () => ((await hub.rt.ctx.models.Shop.findById(shopId).lean())?.sync?.syncedUntil ? true : undefined), 'first pull finished');
    const refundCalls = sandbox.requests.filter((r) => r.path === '/api/v1/refunds').map((r) => r.status);
    expect(refundCalls).toEqual([429, 200]);
    const exceptions = await call('GET', '/v1/exceptions');
    expect(exceptions.body.items.map((o: { platformOrderId: string }) => o.platformOrderId)).toEqual([held]);
  });

  it('a refund before shipping cancels the order and releases its reservation', async () => {
    sandbox.store.refund(refunded, { reason: 'changed mind' });
    await sync();
    await eventually(async () => ((await orderByPid(refunded))?.hubStatus === 'cancelled' ? true : undefined), 'order 3 cancelled');
    // Cancelled first, then the reservation goes back (a crash in between is finished by the sweeper).
    await eventually(async () => ((await stockOf('CAP')).reserved === 0 ? true : undefined), 'CAP reservation released');
    expect(await stockOf('CAP')).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it('shipping deducts stock, sends the tracking number to the storefront and pushes the new stock level', async () => {
    const o = (await orderByPid(ship))!;
    const res = await call('POST', `/v1/orders/${o.id}/ship`, { trackingNumber: 'SF1234567890', courierCode: 'SF' });
    expect(res.status).toBe(201);
    expect(await stockOf('TEE')).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    const f = await eventually(async () => sandbox.store.order(ship).fulfillments[0], 'fulfilment at the storefront');
    expect(f).toMatchObject({ tracking_number: 'SF1234567890', tracking_company: 'SF', line_items: [{ quantity: 2 }] });
    expect(sandbox.store.order(ship).status).toBe('fulfilled');
    await eventually(async () => (sandbox.store.product('TEE')!.available === 8 ? true : undefined), 'TEE stock pushed');
    // CAP's reservation was given back by the refund: the storefront shows all 5 again once that push lands.
    await eventually(async () => (sandbox.store.product('CAP')!.available === 5 ? true : undefined), 'CAP stock pushed after the release');
  });

  it('pulling again creates no duplicates and keeps every decision', async () => {
    const lastRun = async () => (await hub.rt.ctx.models.Shop.findById(shopId).lean())!.sync?.lastRunAt?.getTime() ?? 0;
    const before = await lastRun();
    await new Promise((r) => setTimeout(r, 1000)); // a new manual-sync slot (job ids are per second)
    await sync();
    await eventually(async () => ((await lastRun()) > before ? true : undefined), 'second pull finished');
    const all = (await call('GET', `/v1/orders?shopId=${shopId}&limit=200`)).body.items as { platformOrderId: string; hubStatus: string; platformStatus: string }[];
    expect(all.map((o) => o.platformOrderId).sort()).toEqual([ship, held, refunded].sort());
    expect(Object.fromEntries(all.map((o) => [o.platformOrderId, o.hubStatus]))).toEqual({ [ship]: 'shipped', [held]: 'on_hold', [refunded]: 'cancelled' });
    expect(sandbox.store.order(ship).fulfillments).toHaveLength(1);
    expect(await reconcileStock(hub.rt.ctx.models, (await hub.rt.ctx.models.Shop.findById(shopId).lean())!.sellerId)).toEqual([]);
  });

  it('a signed webhook brings a new order in without a manual sync; a forged one is refused and stores nothing', async () => {
    await call('POST', '/v1/warehouses', { code: 'SPARE', name: 'Spare', priority: 20 });
    const shop = (await hub.rt.ctx.models.Shop.findById(shopId).lean())!;
    sandbox.store.subscribe(`${hubUrl}/webhooks/sandbox/${shop.webhookToken}`, []);
    // Low-stock alert at 8: TEE has 8 available now; the next reservation takes it below.
    expect((await hub.app.inject({ method: 'PUT', url: '/v1/inventory/alert-rules', headers: auth, payload: { skuCode: 'TEE', threshold: 8 } })).statusCode).toBe(200);
    expect((await call('GET', '/v1/inventory/alerts?skuCode=TEE')).body.items).toEqual([]);
    const pid = sandbox.store.createOrder({ lines: [{ sku: 'TEE', quantity: 1 }] }).id;
    await eventually(async () => ((await orderByPid(pid))?.hubStatus === 'allocated' ? true : undefined), 'webhook-driven import');
    const alert = await eventually(async () => (await call('GET', '/v1/inventory/alerts?skuCode=TEE')).body.items[0], 'low-stock alert raised by the reservation');
    expect(alert).toMatchObject({ skuCode: 'TEE', status: 'open', threshold: 8 });
    await sandbox.webhooksIdle();
    expect(sandbox.webhookDeliveries.find((d) => d.topic === 'orders/created')?.status).toBe(202);

    const body = JSON.stringify({ id: '999999' });
    const forged = await hub.app.inject({
      method: 'POST', url: `/webhooks/sandbox/${shop.webhookToken}`, payload: body,
      headers: { 'content-type': 'application/json', 'x-sandbox-topic': 'orders/created', 'x-sandbox-event-id': 'evt_forged', 'x-sandbox-signature': signSandboxWebhook('wrong-secret', body) },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('INVALID_SIGNATURE');
    expect(await hub.rt.ctx.models.WebhookReceipt.countDocuments({ shopId })).toBe(sandbox.webhookDeliveries.filter((d) => d.status === 202).length);
  });
});
