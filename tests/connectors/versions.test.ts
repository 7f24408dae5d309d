import { describe, expect, it } from 'vitest';
import { API_VERSIONS, expiringVersions, SHOPIFY_API_VERSION } from '../../connectors/versions.js';
import { warnExpiringApiVersions } from '../../src/services/api-versions.service.js';
import { FakeShopify } from '../fakes/shopify/server.js';
import { makeOrder } from '../fakes/shopify/fixtures.js';
import { ShopifyConnector } from '../../connectors/shopify/connector.js';
import { RecordingLimiter } from '../helpers/fake-limiter.js';
import { FAKE_TOKEN } from '../fakes/shopify/server.js';

describe('pinned platform API versions', () => {
  it('records every platform, and the Shopify pin is supported for more than 60 days from today', () => {
    expect(Object.keys(API_VERSIONS).sort()).toEqual(['amazon', 'pinduoduo', 'sandbox', 'shopee', 'shopify', 'taobao', 'woocommerce']);
    expect(SHOPIFY_API_VERSION).not.toBe('2025-07');
    expect(expiringVersions(new Date('2026-12-01T00:00:00Z'))).toEqual([]);
  });

  it('warns when a pinned version is within 60 days of its end of support, or past it', () => {
    expect(expiringVersions(new Date('2027-08-15T00:00:00Z'))).toMatchObject([{ platform: 'shopify', version: SHOPIFY_API_VERSION, endOfSupport: '2027-10-01', daysLeft: 47 }]);
    expect(expiringVersions(new Date('2027-11-01T00:00:00Z'))[0]!.daysLeft).toBeLessThan(0);
    const lines: object[] = [];
    expect(warnExpiringApiVersions({ warn: (o: object) => lines.push(o) } as never, new Date('2027-08-15T00:00:00Z'))).toBe(1);
    expect(lines).toMatchObject([{ platform: 'shopify', daysLeft: 47 }]);
  });

  it('logs the X-Shopify-API-Version served and warns when Shopify serves another one', async () => {
    const fake = await new FakeShopify().start();
    try {
      fake.state.put(makeOrder({ id: '1', updatedAt: '2026-11-01T10:00:00Z' }));
      const logs: { level: string; obj: object; msg?: string }[] = [];
      const log = { debug: () => {}, info: (obj: object, msg?: string) => logs.push({ level: 'info', obj, msg }), warn: (obj: object, msg?: string) => logs.push({ level: 'warn', obj, msg }) };
      const c = new ShopifyConnector({ shopId: 's1', platform: 'shopify', apiBaseUrl: fake.baseUrl, credentials: { shopDomain: 'v.myshopify.com', accessToken: FAKE_TOKEN, webhookSecret: 'x' } }, { now: () => new Date(), limiter: new RecordingLimiter(), log });
      const w = { since: new Date('2026-10-01T00:00:00Z'), until: new Date('2026-12-01T00:00:00Z') };
      await c.pullOrders(w);
      expect(logs.filter((l) => l.msg?.includes('api version'))).toMatchObject([{ level: 'info', obj: { servedVersion: SHOPIFY_API_VERSION } }]);
      fake.servedVersion = '2026-01';
      await c.pullOrders(w);
      expect(logs.filter((l) => l.level === 'warn')).toMatchObject([{ obj: { pinnedVersion: SHOPIFY_API_VERSION, servedVersion: '2026-01' } }]);
    } finally {
      await fake.stop();
    }
  });
});
