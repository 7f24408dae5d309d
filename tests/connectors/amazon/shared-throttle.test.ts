import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definition } from '../../../connectors/amazon/index.js';
import { clearLwaTokenCache } from '../../../connectors/amazon/lwa.js';
import { RateLimitWaitError, RedisRateLimiter } from '../../../src/rate-limit.js';
import { startFakeAmazon, type FakeAmazon } from '../../fakes/amazon/server.js';
import { silentLog } from '../../helpers/fake-limiter.js';
import { openTestRedis } from '../../helpers/redis.js';

/**
 * Two connector instances (two worker processes) on the real Redis throttle: the QuotaExceeded one of them receives
 * blocks that shop's getOrders for the other too, while other operations and other shops go on.
 */
describe('amazon throttle shared through Redis', () => {
  let fake: FakeAmazon;
  let r: ReturnType<typeof openTestRedis>;
  beforeEach(async () => {
    clearLwaTokenCache();
    fake = await startFakeAmazon();
    r = openTestRedis();
  });
  afterEach(async () => {
    await fake.close();
    await r.close();
  });

  const worker = (shopId: string) => definition.create({
    shopId, platform: 'amazon', apiBaseUrl: fake.url,
    credentials: {
      sellerId: 'A2SELLER123', marketplaceId: 'ATVPDKIKX0DER', region: 'na', lwaClientId: fake.grant.clientId,
      lwaClientSecret: fake.grant.clientSecret, refreshToken: fake.grant.refreshToken, lwaTokenUrl: fake.tokenUrl,
    },
  }, { now: () => new Date(), limiter: new RedisRateLimiter(r.redis, r.prefix, 1_000), log: silentLog });

  it('a QuotaExceeded seen by one worker pauses that shop operation for every worker', async () => {
    const window = { since: new Date(Date.now() - 3600_000), until: new Date(Date.now() - 300_000) };
    fake.throttle('getOrders', 1);
    await expect(worker('shop-1').pullOrders(window)).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 59881 });
    const pttl = await r.redis.pttl(`${r.prefix}:rl-pause:amazon:shop-1:getOrders`);
    expect(pttl).toBeGreaterThan(50_000);
    const callsBefore = fake.state.calls.length;
    await expect(worker('shop-1').pullOrders(window)).rejects.toBeInstanceOf(RateLimitWaitError);
    expect(fake.state.calls.length).toBe(callsBefore); // the second worker never reached Amazon
    await expect(worker('shop-1').pullRefunds(window)).resolves.toMatchObject({ items: [] });
    await expect(worker('shop-2').pullOrders(window)).resolves.toMatchObject({ items: [] });
  });
});
