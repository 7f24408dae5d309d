import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { sandboxSeller } from '../helpers/sandbox-shop.js';
import { addEndpoint, type Seller } from './webhooks-out-fixtures.js';
import { startReceiver, verify, webhookEnv, type Receiver } from './webhooks-out-receiver.js';

/** The hub's own write paths (import, pipeline, shipping, stock) reach a seller's endpoint as catalogue events. */
let hub: TestHub;
let sandbox: Sandbox;
let seller: Seller;
let shopId: string;
let rx: Receiver;

beforeAll(async () => {
  hub = await startTestHub({ workers: true, env: webhookEnv });
  ({ sandbox, seller, shopId } = await sandboxSeller(hub, { name: 'Pipeline hooks', apiKey: 'sandbox-key-hooks-0001', webhookSecret: 'sandbox-secret-hooks-1', sku: 'MUG', stock: 1 }));
  rx = await startReceiver();
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await sandbox?.app.close();
  await rx?.close();
});

describe('outgoing webhooks from the hub\'s own events', () => {
  it('import, allocation, hold, shipment and stock changes arrive as catalogue payloads', async () => {
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported', 'order.allocated', 'order.held', 'order.shipped', 'stock.changed'] });
    const a = sandbox.store.createOrder({ lines: [{ sku: 'MUG', quantity: 1 }] });
    const b = sandbox.store.createOrder({ lines: [{ sku: 'MUG', quantity: 1 }] });
    expect(a && b).toBeTruthy();
    await hub.app.inject({ method: 'POST', url: `/v1/shops/${shopId}/sync`, headers: seller.auth });
    const payloads = () => rx.accepted.map((r) => verify(ep.secret, r));
    const byType = (t: string) => payloads().filter((p) => p.type === t);
    await eventually(async () => (byType('order.allocated').length === 1 && byType('order.held').length === 1 ? true : undefined), 'allocated and held', 30_000);
    expect(byType('order.imported')).toHaveLength(2);
    expect(byType('order.imported')[0]!.data).toMatchObject({ shopId });
    const allocated = byType('order.allocated')[0]!.data;
    expect(allocated).toMatchObject({ warehouse: 'MAIN', courier: 'SF' });
    expect(Object.keys(allocated).sort()).toEqual(['courier', 'orderId', 'warehouse']);
    expect((byType('order.held')[0]!.data.reasons as string[]).length).toBeGreaterThan(0);

    const ship = await hub.app.inject({ method: 'POST', url: `/v1/orders/${String(allocated.orderId)}/ship`, headers: seller.auth, payload: { trackingNumber: 'SF123456', courierCode: 'SF' } });
    expect(ship.statusCode).toBe(201);
    await eventually(async () => (byType('order.shipped').length === 1 ? true : undefined), 'shipped');
    expect(byType('order.shipped')[0]!.data).toEqual({ orderId: allocated.orderId, parcels: [{ trackingNumber: 'SF123456', courier: 'SF' }] });
    const stock = await eventually(async () => byType('stock.changed').find((p) => p.data.onHand === 0), 'stock change after shipping');
    expect(stock.data).toMatchObject({ skuCode: 'MUG', onHand: 0, reserved: 0, available: 0 });
    // Each order's events in the order they happened.
    const ofA = payloads().filter((p) => p.data.orderId === allocated.orderId).map((p) => p.type);
    expect(ofA).toEqual(['order.imported', 'order.allocated', 'order.shipped']);
  }, 60_000);
});
