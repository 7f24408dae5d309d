import { afterEach, describe, expect, it } from 'vitest';
import { startWc, type WcHarness } from './harness.js';

let h: WcHarness;
afterEach(async () => h?.fake.close());

// PLATFORMS.md vector: secret wh_secret_123, this body → rK5HdUlG…
const body = Buffer.from('{"id":727,"status":"processing","total":"29.35"}');
const headers = (over: Record<string, string | undefined> = {}) => ({
  'x-wc-webhook-signature': 'rK5HdUlGtbna+DssMqvhEqfrsYU183WIdFWN1hUdEuE=',
  'x-wc-webhook-topic': 'order.updated',
  'x-wc-webhook-resource': 'order',
  'x-wc-webhook-event': 'updated',
  'x-wc-webhook-id': '12',
  'x-wc-webhook-delivery-id': 'a1b2c3',
  'x-wc-webhook-source': 'https://shop.example.com/',
  ...over,
});
const url = 'https://hub.example.com/webhooks/woocommerce/tok';

describe('WooCommerce webhooks', () => {
  it('accepts the signed vector body and names the order', async () => {
    h = await startWc();
    expect(h.connector.capabilities.webhooks).toBe(true);
    const e = h.connector.parseWebhook!({ headers: headers(), rawBody: body, url });
    expect(e).toMatchObject({ topic: 'order.updated', platformOrderId: '727' });
    // A second delivery of the same change (new delivery id) de-duplicates.
    expect(h.connector.parseWebhook!({ headers: headers({ 'x-wc-webhook-delivery-id': 'zz9' }), rawBody: body, url }).eventId).toBe(e.eventId);
  });

  it('rejects a bad signature as invalid_signature', async () => {
    h = await startWc();
    expect(() => h.connector.parseWebhook!({ headers: headers(), rawBody: Buffer.from('{"id":727,"status":"cancelled","total":"29.35"}'), url })).toThrow(
      expect.objectContaining({ kind: 'invalid_signature' }),
    );
    expect(() => h.connector.parseWebhook!({ headers: headers({ 'x-wc-webhook-signature': undefined }), rawBody: body, url })).toThrow(
      expect.objectContaining({ kind: 'invalid_signature' }),
    );
  });

  it('rejects everything when the shop has no webhook secret', async () => {
    h = await startWc({ credentials: { webhookSecret: undefined } });
    expect(h.connector.capabilities.webhooks).toBe(false);
    expect(() => h.connector.parseWebhook!({ headers: headers(), rawBody: body, url })).toThrow(expect.objectContaining({ kind: 'invalid_signature' }));
  });

  it('acknowledges the unsigned creation ping without an order', async () => {
    h = await startWc();
    const e = h.connector.parseWebhook!({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: Buffer.from('webhook_id=12'), url });
    expect(e).toEqual({ eventId: 'ping:12', topic: 'ping', ping: true });
  });

  it('does not name an order for product topics', async () => {
    h = await startWc();
    const { webhookSignature } = await import('../../../connectors/woocommerce/signing.js');
    const raw = Buffer.from('{"id":301,"date_modified_gmt":"2024-05-01T10:00:00"}');
    const e = h.connector.parseWebhook!({ headers: headers({ 'x-wc-webhook-topic': 'product.updated', 'x-wc-webhook-signature': webhookSignature('wh_secret_123', raw) }), rawBody: raw, url });
    expect(e).toEqual({ eventId: expect.stringMatching(/^woocommerce:body:[0-9a-f]{64}$/), topic: 'product.updated', platformOrderId: undefined });
  });
});
