import { ShopifyConnector } from '../../../connectors/shopify/connector.js';
import { FakeShopify, FAKE_TOKEN } from '../../fakes/shopify/server.js';
import { RecordingLimiter, silentLog } from '../../helpers/fake-limiter.js';

export const SHOP_DOMAIN = 'hub-test.myshopify.com';
export const WEBHOOK_SECRET = 'shpss_test_secret';

/** A fake shop on a loopback port and a connector pointed at it, with a limiter that records what it was asked. */
export async function startShop(opts: { token?: string; locationId?: string } = {}) {
  const fake = await new FakeShopify().start();
  const limiter = new RecordingLimiter();
  const connector = new ShopifyConnector(
    {
      shopId: 'shop-1',
      platform: 'shopify',
      apiBaseUrl: fake.baseUrl,
      credentials: { shopDomain: SHOP_DOMAIN, accessToken: opts.token ?? FAKE_TOKEN, webhookSecret: WEBHOOK_SECRET, locationId: opts.locationId },
    },
    { now: () => new Date(), limiter, log: silentLog },
    { backoffMs: 1 },
  );
  return { fake, limiter, connector };
}

export const window = (since: string, until: string) => ({ since: new Date(since), until: new Date(until) });
