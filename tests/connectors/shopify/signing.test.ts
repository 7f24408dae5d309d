import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import { parseJsonLossless } from '../../../connectors/shopify/ids.js';
import { shopifyWebhookHmac, verifyShopifyWebhook } from '../../../connectors/shopify/signing.js';
import { parseShopifyWebhook } from '../../../connectors/shopify/webhook.js';

// Test vectors from PLATFORMS.md §1 (Shopify), byte for byte.
const vectors = [
  { secret: 'shpss_test_secret', body: '{"id":450789469,"name":"#1001","financial_status":"paid"}', hmac: 'fraIyocm874jiUyXhky24H0WcrSTRRhha13frz19O/I=' },
  { secret: 'hush', body: '{"id":820982911946154508,"email":"jon@example.com"}', hmac: 'D0UMXmhjwBRi4y66TmhJrDlhQABD7zI2fm3p6/QLMo8=' },
];

const delivery = (body: string, hmac: string, extra: Record<string, string | undefined> = {}) => ({
  headers: {
    'x-shopify-topic': 'orders/updated', 'x-shopify-hmac-sha256': hmac, 'x-shopify-shop-domain': 'hub-test.myshopify.com',
    'x-shopify-api-version': '2025-07', 'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', 'x-shopify-event-id': 'evt-98880550', ...extra,
  },
  rawBody: Buffer.from(body),
  url: 'https://hub.example.com/webhooks/shopify/shop-1',
});

describe('Shopify webhook signing', () => {
  it.each(vectors)('computes the documented HMAC for secret $secret', ({ secret, body, hmac }) => {
    expect(shopifyWebhookHmac(secret, Buffer.from(body))).toBe(hmac);
    expect(verifyShopifyWebhook([secret], Buffer.from(body), hmac)).toBe(true);
  });

  it('rejects a body changed by one byte, a wrong secret and a missing header', () => {
    const v = vectors[0]!;
    expect(verifyShopifyWebhook([v.secret], Buffer.from(v.body.replace('paid', 'pai d')), v.hmac)).toBe(false);
    expect(verifyShopifyWebhook(['other'], Buffer.from(v.body), v.hmac)).toBe(false);
    expect(verifyShopifyWebhook([v.secret], Buffer.from(v.body), undefined)).toBe(false);
  });

  it('accepts the previous secret during a rotation', () => {
    const v = vectors[1]!;
    expect(verifyShopifyWebhook(['new-secret', v.secret], Buffer.from(v.body), v.hmac)).toBe(true);
  });

  it('keeps 64-bit ids exact when parsing a webhook body', () => {
    expect(parseJsonLossless(vectors[1]!.body)).toEqual({ id: '820982911946154508', email: 'jon@example.com' });
    expect(parseJsonLossless('{"a":"x\\"1234567890123456789","n":-1.5e3,"k":12}')).toEqual({ a: 'x"1234567890123456789', n: -1500, k: 12 });
  });
});

describe('parseShopifyWebhook', () => {
  it('parses a verified delivery, with the event id for de-duplication and the exact order id', () => {
    const v = vectors[1]!;
    const ev = parseShopifyWebhook(delivery(v.body, v.hmac), [v.secret], 'hub-test.myshopify.com');
    expect(ev).toEqual({ eventId: expect.stringMatching(/^shopify:body:[0-9a-f]{64}$/), topic: 'orders/updated', platformOrderId: '820982911946154508' });
  });

  it('takes the order id of a refund from order_id; the event id is a digest of the signed body, whatever the id headers say', () => {
    const body = '{"id":509562969,"order_id":450789469,"note":"broken"}';
    const ev = parseShopifyWebhook(delivery(body, shopifyWebhookHmac('s3cret', body), { 'x-shopify-topic': 'refunds/create', 'x-shopify-event-id': undefined }), ['s3cret'], 'hub-test.myshopify.com');
    expect(ev).toEqual({ eventId: expect.stringMatching(/^shopify:body:/), topic: 'refunds/create', platformOrderId: '450789469' });
    const again = parseShopifyWebhook(delivery(body, shopifyWebhookHmac('s3cret', body), { 'x-shopify-topic': 'refunds/create', 'x-shopify-event-id': 'evt-new', 'x-shopify-webhook-id': 'new' }), ['s3cret'], 'hub-test.myshopify.com');
    expect(again.eventId).toBe(ev.eventId);
  });

  it('rejects a bad signature as invalid_signature before reading the body', () => {
    const v = vectors[0]!;
    const bad = () => parseShopifyWebhook(delivery('not json at all', v.hmac), [v.secret], 'hub-test.myshopify.com');
    expect(bad).toThrow(ConnectorError);
    expect(bad).toThrow(expect.objectContaining({ kind: 'invalid_signature' }));
  });

  it('rejects a delivery signed for another shop of the same app', () => {
    const v = vectors[0]!;
    const other = () => parseShopifyWebhook(delivery(v.body, v.hmac, { 'x-shopify-shop-domain': 'someone-else.myshopify.com' }), [v.secret], 'hub-test.myshopify.com');
    expect(other).toThrow(expect.objectContaining({ kind: 'invalid_signature' }));
  });

  it('rejects a signed delivery without the required headers as invalid_payload', () => {
    const v = vectors[0]!;
    const noTopic = () => parseShopifyWebhook(delivery(v.body, v.hmac, { 'x-shopify-topic': undefined }), [v.secret], 'hub-test.myshopify.com');
    expect(noTopic).toThrow(expect.objectContaining({ kind: 'invalid_payload' }));
  });
});
