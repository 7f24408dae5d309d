import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentRecord } from '../../src/db/models/order.model.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { runImport } from '../../src/services/import.service.js';
import { scheduleSyncs } from '../../src/services/maintenance.service.js';
import { pushShipment } from '../../src/services/outbound.service.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, normalizedOrder } from '../helpers/orders.js';

/** Pause, resume and delete a shop through the API: a paused shop is neither synced nor pushed to; a deleted one loses its credentials, not its orders. */
let hub: TestHub;
let platform: FakePlatform;
let auth: { authorization: string };
let shopId: string;
let webhookPath: string;
let orderId: string;

beforeAll(async () => {
  hub = await startTestHub();
  platform = new FakePlatform();
  Object.assign(hub.rt.ctx, { connectorFor: () => platform });
  auth = (await hub.newSeller('Lifecycle')).auth;
  const res = await hub.app.inject({ method: 'POST', url: '/v1/shops', headers: auth, payload: { platform: 'sandbox', name: 'Shop', credentials: { apiKey: 'sandbox-key-123', webhookSecret: 'sandbox-wh-123' } } });
  expect(res.statusCode, res.body).toBe(201);
  ({ id: shopId, webhookPath } = res.json<{ id: string; webhookPath: string }>());
  const shop = (await hub.rt.ctx.models.Shop.findById(shopId).lean<ShopDoc>())!;
  [orderId] = await importOrders(hub.rt.ctx, shop, [normalizedOrder()]) as [string];
  const shipment: ShipmentRecord = { shipmentId: `${orderId}:1`, trackingNumber: 'TRK-1', courierCode: 'UPS', shippedAt: new Date(), lines: [], push: { state: 'pending', attempts: 0 } };
  await hub.rt.ctx.models.Order.updateOne({ _id: orderId }, { $set: { shipments: [shipment], hubStatus: 'shipped' } });
});
afterAll(async () => hub.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string) => hub.app.inject({ method, url, headers: auth });
const importKeys = () => hub.rt.redis.keys(`${hub.config.QUEUE_PREFIX}:import:*${shopId}*`);

describe('shop lifecycle', () => {
  it('a paused shop is not synced and pushes nothing', async () => {
    const paused = await call('POST', `/v1/shops/${shopId}/pause`);
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ id: shopId, status: 'paused' });
    expect(await runImport(hub.rt.ctx, { shopId, reason: 'manual' })).toMatchObject({ outcome: 'skipped' });
    expect(platform.calls).toEqual([]);
    expect((await call('POST', `/v1/shops/${shopId}/sync`)).statusCode).toBe(409);
    const before = await importKeys();
    await scheduleSyncs(hub.rt.ctx, 60);
    expect(await importKeys()).toEqual(before);
    expect(await pushShipment(hub.rt.ctx, orderId, `${orderId}:1`)).toBe('skipped');
    expect(platform.shipments).toEqual([]);
  });

  it('resume makes it active again: it syncs and pushes', async () => {
    const resumed = await call('POST', `/v1/shops/${shopId}/resume`);
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ status: 'active', statusReason: null });
    expect(await runImport(hub.rt.ctx, { shopId, reason: 'manual' })).toMatchObject({ outcome: 'done' });
    expect(platform.calls.length).toBeGreaterThan(0);
    expect(await pushShipment(hub.rt.ctx, orderId, `${orderId}:1`)).toBe('pushed');
  });

  it('delete wipes the credentials and retires the webhook URL; the orders stay', async () => {
    const other = await hub.newSeller('Other');
    expect((await hub.app.inject({ method: 'DELETE', url: `/v1/shops/${shopId}`, headers: other.auth })).statusCode).toBe(404);
    const del = await call('DELETE', `/v1/shops/${shopId}`);
    expect(del.statusCode, del.body).toBe(204);
    const stored = (await hub.rt.ctx.models.Shop.findById(shopId).lean<ShopDoc>())!;
    expect(stored).toMatchObject({ status: 'deleted', credentialsEnc: '' });
    expect(webhookPath).not.toContain(stored.webhookToken);
    const hook = await hub.app.inject({ method: 'POST', url: webhookPath, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(hook.statusCode).toBe(404);
    expect((await call('GET', '/v1/shops')).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await call('GET', `/v1/shops/${shopId}`)).json()).toMatchObject({ status: 'deleted' });
    expect((await call('GET', `/v1/orders/${orderId}`)).statusCode).toBe(200);
    expect(await hub.rt.ctx.models.Order.countDocuments({ shopId })).toBe(1);
    expect((await call('POST', `/v1/shops/${shopId}/resume`)).statusCode).toBe(409);
    expect((await call('POST', `/v1/shops/${shopId}/pause`)).statusCode).toBe(409);
    expect((await call('DELETE', `/v1/shops/${shopId}`)).statusCode).toBe(204);
    expect(await runImport(hub.rt.ctx, { shopId, reason: 'manual' })).toMatchObject({ outcome: 'skipped' });
  });
});
