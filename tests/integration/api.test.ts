import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

let hub: TestHub;
let seller: Awaited<ReturnType<TestHub['newSeller']>>;

const call = (method: 'GET' | 'POST', url: string, payload?: object, headers = seller.auth) =>
  hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('Acme');
  await call('POST', '/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 10 });
  await call('POST', '/v1/skus', { code: 'SKU-A', name: 'Widget' });
  await call('POST', '/v1/couriers', { code: 'UPS', name: 'UPS' });
});
afterAll(async () => hub.close());

describe('authentication and scoping', () => {
  it('refuses seller creation without the admin token', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/v1/sellers', payload: { name: 'x' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });
  it('refuses /v1 routes without a valid API key', async () => {
    expect((await call('GET', '/v1/orders', undefined, { authorization: 'Bearer sk_nope' })).statusCode).toBe(401);
    expect((await hub.app.inject({ method: 'GET', url: '/v1/orders' })).json().error.code).toBe('UNAUTHENTICATED');
  });
  it("answers 404 for another seller's order", async () => {
    const shop = await insertShop(hub.rt.ctx, seller.id, 'shop_scope');
    const [orderId] = await importOrders(hub.rt.ctx, shop, [normalizedOrder()]);
    const other = await hub.newSeller('Other');
    const res = await call('GET', `/v1/orders/${orderId}`, undefined, other.auth);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect((await call('GET', `/v1/orders/${orderId}`)).statusCode).toBe(200);
  });
  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await hub.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await hub.app.inject({ url: '/readyz' })).json()).toMatchObject({ store: true, redis: true });
    const doc = (await hub.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toContain('/v1/orders/{id}/ship');
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('validation errors name the field', async () => {
    const res = await call('POST', '/v1/warehouses', { code: 'bad code!', name: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toMatch(/code/);
  });
  it('a duplicate code is a 409', async () => {
    const res = await call('POST', '/v1/warehouses', { code: 'MAIN', name: 'Again' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DUPLICATE');
    expect((await call('GET', '/v1/warehouses')).json().items).toHaveLength(1);
  });
  it('an unknown platform is refused', async () => {
    const res = await call('POST', '/v1/shops', { platform: 'myspace', name: 'x', credentials: {} });
    expect(res.statusCode).toBe(400);
  });
  it('unknown routes answer a 404 in the same shape', async () => {
    expect((await call('GET', '/v1/nothing')).json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('stock adjustments', () => {
  const adjust = (body: object) => call('POST', '/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode: 'SKU-A', reason: 'count', ...body });

  it('delta, set, replay and key reuse', async () => {
    const first = await adjust({ mode: 'delta', quantity: 5, idempotencyKey: 'adj-1' });
    expect(first.statusCode).toBe(201);
    expect(first.json().movement).toMatchObject({ onHandDelta: 5, onHandAfter: 5 });
    const replay = await adjust({ mode: 'delta', quantity: 5, idempotencyKey: 'adj-1' });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().replayed).toBe(true);
    const reuse = await adjust({ mode: 'delta', quantity: 7, idempotencyKey: 'adj-1' });
    expect(reuse.statusCode).toBe(409);
    expect(reuse.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await adjust({ mode: 'set', quantity: 20, idempotencyKey: 'adj-2' })).json().movement).toMatchObject({ onHandDelta: 15, onHandAfter: 20 });
    const levels = (await call('GET', '/v1/stock?skuCode=SKU-A')).json().items;
    expect(levels).toMatchObject([{ onHand: 20, reserved: 0, available: 20 }]);
  });
  it('refuses to go below zero, unknown SKUs and warehouses', async () => {
    const below = await adjust({ mode: 'delta', quantity: -1000, idempotencyKey: 'adj-3' });
    expect(below.statusCode).toBe(409);
    expect(below.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect((await adjust({ skuCode: 'NOPE', mode: 'delta', quantity: 1, idempotencyKey: 'adj-4' })).json().error.code).toBe('UNKNOWN_SKU');
    expect((await adjust({ warehouseCode: 'NOPE', mode: 'delta', quantity: 1, idempotencyKey: 'adj-5' })).json().error.code).toBe('UNKNOWN_WAREHOUSE');
    expect((await adjust({ mode: 'delta', quantity: 1.5, idempotencyKey: 'adj-6' })).statusCode).toBe(400);
    expect((await call('GET', '/v1/stock?skuCode=SKU-A')).json().items[0].onHand).toBe(20);
  });
  it('lists movements with their balances', async () => {
    const res = (await call('GET', '/v1/stock/movements?skuCode=SKU-A')).json();
    expect(res.items.map((m: { onHandAfter: number }) => m.onHandAfter)).toEqual([5, 20]);
  });
});

describe('order actions', () => {
  it('allocates, ships once, refuses to ship held orders, releases and cancels', async () => {
    const ctx = hub.rt.ctx;
    const shop = await insertShop(ctx, seller.id, 'shop_actions');
    const [ok, noAddress, unknownSku] = await importOrders(ctx, shop, [
      normalizedOrder({ skus: [['SKU-A', 2]] }),
      normalizedOrder({ address: undefined }),
      normalizedOrder({ skus: [['SKU-Z', 1]] }),
    ]);
    const r = await runPipeline(ctx, seller.id, [ok!, noAddress!, unknownSku!]);
    expect(r.allocated).toEqual([ok]);
    expect(r.held.sort()).toEqual([noAddress, unknownSku].sort());

    const exceptions = (await call('GET', '/v1/exceptions?reason=UNKNOWN_SKU')).json().items;
    expect(exceptions.map((o: { id: string }) => o.id)).toEqual([unknownSku]);

    const held = await call('POST', `/v1/orders/${noAddress}/ship`, { trackingNumber: '1Z999', courierCode: 'UPS' });
    expect(held.statusCode).toBe(409);
    expect(held.json().error.code).toBe('ORDER_NOT_SHIPPABLE');

    const shipped = await call('POST', `/v1/orders/${ok}/ship`, { trackingNumber: '1Z999', courierCode: 'UPS' });
    expect(shipped.statusCode).toBe(201);
    expect(shipped.json().order.hubStatus).toBe('shipped');
    const again = await call('POST', `/v1/orders/${ok}/ship`, { trackingNumber: '1Z999', courierCode: 'UPS' });
    expect(again.statusCode).toBe(200);
    expect((await call('GET', '/v1/stock?skuCode=SKU-A')).json().items[0]).toMatchObject({ onHand: 18, reserved: 0 });

    expect((await call('POST', `/v1/orders/${ok}/release`)).json().error.code).toBe('ORDER_NOT_RELEASABLE');
    await call('POST', '/v1/skus', { code: 'SKU-Z', name: 'Zed' });
    await call('POST', '/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode: 'SKU-Z', mode: 'delta', quantity: 3, reason: 'inbound', idempotencyKey: 'z-1' });
    expect((await call('POST', `/v1/orders/${unknownSku}/release`)).json().hubStatus).toBe('pending');
    expect((await runPipeline(ctx, seller.id, [unknownSku!])).allocated).toEqual([unknownSku]);

    const cancelled = await call('POST', `/v1/orders/${unknownSku}/cancel`, { reason: 'buyer asked' });
    expect(cancelled.json().hubStatus).toBe('cancelled');
    expect((await call('GET', '/v1/stock?skuCode=SKU-Z')).json().items[0]).toMatchObject({ onHand: 3, reserved: 0 });
    const late = (await call('POST', `/v1/orders/${ok}/cancel`)).json();
    expect(late.error.code).toBe('ORDER_NOT_CANCELLABLE');

    const detail = (await call('GET', `/v1/orders/${unknownSku}`)).json();
    expect(detail.timeline.map((t: { type: string }) => t.type)).toEqual(['imported', 'held', 'released', 'audited', 'allocated', 'cancelled']);
    expect(await reconcileStock(ctx.models, seller.id)).toEqual([]);
  });

  it('lists orders with filters and a stable cursor', async () => {
    const page1 = (await call('GET', '/v1/orders?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await call('GET', `/v1/orders?limit=2&cursor=${page1.nextCursor}`)).json();
    const ids = [...page1.items, ...page2.items].map((o: { id: string }) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await call('GET', '/v1/orders?status=shipped')).json().items.every((o: { hubStatus: string }) => o.hubStatus === 'shipped')).toBe(true);
    expect((await call('GET', '/v1/orders?cursor=!!!')).statusCode).toBe(400);
  });
});
