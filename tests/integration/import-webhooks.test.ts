import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyWebhookHmac } from '../../connectors/shopify/signing.js';
import { webhookSignature } from '../../connectors/woocommerce/signing.js';
import type { OrderDoc } from '../../src/db/models/order.model.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { runImport } from '../../src/services/import.service.js';
import { connectorFactory } from '../../src/services/shops.service.js';
import { assertFresh, sweepWebhookReceipts } from '../../src/services/webhook-receipts.js';
import { makeOrder } from '../fakes/shopify/fixtures.js';
import { FakeShopify, FAKE_TOKEN } from '../fakes/shopify/server.js';
import { RecordingLimiter } from '../helpers/fake-limiter.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';

/**
 * Incoming webhooks on the real store and Redis, through the real connectors against the Shopify fake: a valid
 * refund webhook acts at once (no delayed pull), de-duplication follows what the signature covers.
 */
const SECRET = 'shpss_webhook_it';
const DOMAIN = 'wh-test.myshopify.com';
let hub: TestHub;
let auth: { authorization: string };
let shopify: FakeShopify;
let shop: ShopDoc;

beforeAll(async () => {
  shopify = await new FakeShopify().start();
  hub = await startTestHub({ workers: true });
  Object.assign(hub.rt.ctx, { connectorFor: connectorFactory({ ...hub.rt.ctx, limiter: new RecordingLimiter() }) });
  auth = (await hub.newSeller()).auth;
  const res = await hub.app.inject({ method: 'POST', url: '/v1/shops', headers: auth, payload: { platform: 'shopify', name: 'wh', apiBaseUrl: shopify.baseUrl, credentials: { shopDomain: DOMAIN, accessToken: FAKE_TOKEN, webhookSecret: SECRET } } });
  expect(res.statusCode, res.body).toBe(201);
  shop = (await hub.rt.ctx.models.Shop.findById(res.json<{ id: string }>().id).lean<ShopDoc>())!;
});
afterAll(async () => {
  await hub.close();
  await shopify.stop();
});

const deliver = (body: string, headers: Record<string, string>) =>
  hub.app.inject({
    method: 'POST', url: `/webhooks/shopify/${shop.webhookToken}`, payload: body,
    headers: {
      'content-type': 'application/json', 'x-shopify-hmac-sha256': shopifyWebhookHmac(SECRET, body), 'x-shopify-shop-domain': DOMAIN,
      'x-shopify-api-version': '2026-10', ...headers,
    },
  });
const orderOf = (pid: string) => hub.rt.ctx.models.Order.findOne({ shopId: shop._id, platformOrderId: pid }).lean<OrderDoc>();

describe('incoming webhooks', () => {
  it('a refund webhook cancels the order at once, without waiting for a scheduled pull', async () => {
    const fake = makeOrder({ id: '880001', updatedAt: new Date(Date.now() - 3_600_000).toISOString(), lineCount: 1 });
    shopify.state.put(fake);
    expect(await runImport(hub.rt.ctx, { shopId: shop._id, reason: 'manual' })).toMatchObject({ outcome: 'done', created: 1 });
    expect((await orderOf('880001'))!.hubStatus).not.toBe('cancelled');
    // The whole order is refunded on Shopify now: its window pull would only see it once the index settled (60 s).
    fake.refunds.push({ id: '990001', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), note: 'buyer', amount: '10.00', lines: [{ lineItemId: fake.lines[0]!.id, quantity: 1 }] });
    fake.displayFinancialStatus = 'REFUNDED';
    fake.updatedAt = new Date().toISOString();
    const body = JSON.stringify({ id: 990001, order_id: 880001, note: 'buyer' });
    const res = await deliver(body, { 'x-shopify-topic': 'refunds/create', 'x-shopify-webhook-id': 'w-1', 'x-shopify-event-id': 'e-1' });
    expect(res.statusCode, res.body).toBe(202);
    const o = await eventually(async () => {
      const x = await orderOf('880001');
      return x?.hubStatus === 'cancelled' && x.refundIds.includes('990001') ? x : undefined;
    }, 'the refund webhook to cancel the order', 30_000);
    expect(o.refundIds).toEqual(['990001']);
    expect(shopify.callsOf('HubOrder')).toHaveLength(1);
  });

  it('accepts the same signed body once, whatever new event-id headers it comes with', async () => {
    const body = JSON.stringify({ id: 880002, updated_at: '2026-12-01T10:00:00Z' });
    const first = await deliver(body, { 'x-shopify-topic': 'orders/updated', 'x-shopify-webhook-id': 'w-a', 'x-shopify-event-id': 'e-a' });
    expect(first.statusCode).toBe(202);
    for (let i = 0; i < 5; i++) {
      const again = await deliver(body, { 'x-shopify-topic': 'orders/updated', 'x-shopify-webhook-id': `w-new-${i}`, 'x-shopify-event-id': `e-new-${i}` });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ duplicate: true });
    }
    const receipts = await hub.rt.ctx.models.WebhookReceipt.find({ shopId: shop._id }).lean();
    expect(receipts.filter((r) => r.topic === 'orders/updated')).toHaveLength(1);
    // Receipts are kept for Shopify's retry horizon (4 h of retries), then swept (no TTL index on FerretDB).
    const r = receipts.find((x) => x.topic === 'orders/updated')!;
    expect(r.expiresAt!.getTime() - r.receivedAt.getTime()).toBe(5 * 3600_000);
    const later = new Date(Date.now() + 6 * 3600_000);
    expect(await sweepWebhookReceipts({ ...hub.rt.ctx, now: () => later })).toBeGreaterThanOrEqual(2);
    expect(await hub.rt.ctx.models.WebhookReceipt.countDocuments({ shopId: shop._id })).toBe(0);
  });

  it('refuses a body whose signed timestamp is older than the replay window (Shopee)', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(() => assertFresh('shopee', { eventId: 'x', topic: 'order/status', signedAt: new Date('2026-11-27T10:00:00Z') }, now)).toThrow(expect.objectContaining({ code: 'WEBHOOK_TOO_OLD' }));
    expect(() => assertFresh('shopee', { eventId: 'x', topic: 'order/status', signedAt: new Date('2026-11-30T10:00:00Z') }, now)).not.toThrow();
  });

  it('answers WooCommerce\'s unsigned ping without storing anything', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/v1/shops', headers: auth, payload: { platform: 'woocommerce', name: 'wc', apiBaseUrl: 'http://127.0.0.1:9', credentials: { consumerKey: 'ck_x', consumerSecret: 'cs_x', webhookSecret: 'wh_secret_123' } } });
    expect(res.statusCode, res.body).toBe(201);
    const wc = (await hub.rt.ctx.models.Shop.findById(res.json<{ id: string }>().id).lean<ShopDoc>())!;
    const ping = await hub.app.inject({ method: 'POST', url: `/webhooks/woocommerce/${wc.webhookToken}`, payload: 'webhook_id=12', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(ping.statusCode).toBe(200);
    expect(await hub.rt.ctx.models.WebhookReceipt.countDocuments({ shopId: wc._id })).toBe(0);
    // A forged order webhook is still refused.
    const body = '{"id":727}';
    const forged = await hub.app.inject({ method: 'POST', url: `/webhooks/woocommerce/${wc.webhookToken}`, payload: body, headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.updated', 'x-wc-webhook-signature': webhookSignature('wrong', Buffer.from(body)) } });
    expect(forged.statusCode).toBe(401);
    expect(await hub.rt.ctx.models.WebhookReceipt.countDocuments({ shopId: wc._id })).toBe(0);
  });
});
