import { describe, expect, it } from 'vitest';
import { shopifyWebhookHmac } from '../../../connectors/shopify/signing.js';
import { definition } from '../../../connectors/shopify/index.js';
import { RecordingLimiter, silentLog } from '../../helpers/fake-limiter.js';

const creds = { shopDomain: 'hub-test.myshopify.com', accessToken: 'shpat_0123456789', webhookSecret: 'shpss_test_secret' };
const connector = definition.create({ shopId: 'shop-1', platform: 'shopify', credentials: creds }, { now: () => new Date(), limiter: new RecordingLimiter(), log: silentLog });

const headers = (hmac: string) => ({
  'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': hmac, 'X-Shopify-Shop-Domain': 'hub-test.myshopify.com',
  'X-Shopify-API-Version': '2025-07', 'X-Shopify-Webhook-Id': 'wh-1', 'X-Shopify-Event-Id': 'ev-1',
});

describe('Shopify definition', () => {
  it('validates credentials strictly', () => {
    expect(definition.credentialsSchema.safeParse(creds).success).toBe(true);
    expect(definition.credentialsSchema.safeParse({ ...creds, shopDomain: 'evil.example.com' }).success).toBe(false);
    expect(definition.credentialsSchema.safeParse({ ...creds, password: 'x' }).success).toBe(false);
    expect(definition.credentialsSchema.safeParse({ ...creds, locationId: 'gid://shopify/Location/655441491' }).success).toBe(true);
  });

  it('declares what Shopify accepts', () => {
    expect(connector.capabilities).toMatchObject({ partialShipment: true, multipleTrackingNumbers: true, stockMode: 'set', stockBatchMax: 250, webhooks: true });
    expect(connector.capabilities.maxWindowSeconds).toBeUndefined();
  });

  it('verifies webhooks through the connector (headers in any case) and rejects a bad signature', () => {
    const body = Buffer.from('{"id":450789469,"name":"#1001","financial_status":"paid"}');
    expect(connector.parseWebhook!({ headers: headers('fraIyocm874jiUyXhky24H0WcrSTRRhha13frz19O/I='), rawBody: body, url: 'https://hub/wh' })).toEqual({
      eventId: expect.stringMatching(/^shopify:body:[0-9a-f]{64}$/), topic: 'orders/create', platformOrderId: '450789469',
    });
    const forged = shopifyWebhookHmac('not-the-secret', body);
    expect(() => connector.parseWebhook!({ headers: headers(forged), rawBody: body, url: 'https://hub/wh' })).toThrow(expect.objectContaining({ kind: 'invalid_signature' }));
  });
});
