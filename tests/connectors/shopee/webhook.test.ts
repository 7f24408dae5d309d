import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import { harness, type Harness } from './setup.js';

const URL_AS_CONFIGURED = 'https://oms.example.com/hooks/shopee';
const BODY = '{"shop_id":600000,"code":3,"timestamp":1700000000,"data":{"ordersn":"231101ABCDEF12","status":"READY_TO_SHIP","update_time":1700000000}}';
const SIGNATURE = '29ab87cab7bb48e55107171bf35cf3ef976089e4c63ca4044efcecdd55d2fac0'; // PLATFORMS.md §4 vector

let h: Harness;
afterEach(async () => h?.fake.close());
const input = (body: string, authorization: string | undefined, url = URL_AS_CONFIGURED) => ({ headers: { authorization }, rawBody: Buffer.from(body), url });

describe('shopee parseWebhook', () => {
  it('accepts the fact-sheet push and names the order', async () => {
    h = await harness();
    const ev = h.connector.parseWebhook(input(BODY, SIGNATURE));
    expect(ev).toMatchObject({ topic: 'order/status', platformOrderId: '231101ABCDEF12' });
    expect(ev.eventId).toMatch(/^shopee:600000:3:1700000000:/);
    expect(h.connector.parseWebhook(input(BODY, SIGNATURE)).eventId).toBe(ev.eventId); // redelivery dedupes
  });

  it('rejects a bad signature, a tampered body and a different URL with invalid_signature', async () => {
    h = await harness();
    const bad = '0'.repeat(64);
    for (const [b, s, u] of [[BODY, bad, URL_AS_CONFIGURED], [BODY.replace('READY_TO_SHIP', 'CANCELLED'), SIGNATURE, URL_AS_CONFIGURED], [BODY, SIGNATURE, 'https://oms.example.com/hooks/other'], [BODY, undefined, URL_AS_CONFIGURED]] as const) {
      const err = (() => { try { h.connector.parseWebhook(input(b, s, u)); } catch (e) { return e; } })() as ConnectorError;
      expect(err).toBeInstanceOf(ConnectorError);
      expect(err.kind).toBe('invalid_signature');
    }
  });

  it('verifies against the configured callback URL when the delivery URL differs (proxy)', async () => {
    h = await harness({ pushCallbackUrl: URL_AS_CONFIGURED });
    expect(h.connector.parseWebhook(input(BODY, SIGNATURE, 'http://10.0.0.5:8080/hooks/shopee')).platformOrderId).toBe('231101ABCDEF12');
  });

  it('rejects a signed push for another shop as invalid_payload', async () => {
    h = await harness({ shopeeShopId: 600001 });
    expect(() => h.connector.parseWebhook(input(BODY, SIGNATURE))).toThrow(expect.objectContaining({ kind: 'invalid_payload' }) as Error);
  });
});
