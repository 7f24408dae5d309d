import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitWaitError, RedisRateLimiter } from '../../src/rate-limit.js';
import { openTestRedis } from '../helpers/redis.js';

/**
 * Two limiters on two Redis connections stand for two worker processes: a pause or a bucket drained by one
 * is seen by the other. Sleeps are recorded (then really taken), so nothing here depends on timing.
 */
const a = openTestRedis();
const b = openTestRedis();
let one: RedisRateLimiter;
let two: RedisRateLimiter;
let slept: number[];
const recordingSleep = (ms: number) => { slept.push(ms); return new Promise<void>((r) => setTimeout(r, ms)); };

beforeAll(() => {
  one = new RedisRateLimiter(a.redis, a.prefix);
  slept = [];
});
afterAll(async () => {
  await a.close();
  await b.close();
});
const fresh = (maxWaitMs = 30_000) => { slept = []; two = new RedisRateLimiter(b.redis, a.prefix, maxWaitMs, recordingSleep); };

describe('RedisRateLimiter shared across processes', () => {
  it('a pause set by one process blocks the same key in another, and only that key', async () => {
    fresh(1_000);
    await one.pause('shopee:shop1:order.get_order_list', 60_000);
    const err = await two.acquire('shopee:shop1:order.get_order_list', { ratePerSec: 10, burst: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitWaitError);
    expect((err as RateLimitWaitError).waitMs).toBeGreaterThan(50_000);
    expect(slept).toEqual([]); // the wait was longer than this caller may wait: it gave up instead of sleeping
    await two.acquire('shopee:shop2:order.get_order_list', { ratePerSec: 10, burst: 10 });
    await two.acquire('shopee:shop1:product.update_stock', { ratePerSec: 10, burst: 10 });
    expect(slept).toEqual([]);
  });

  it('waits out a short pause taken by the other process, then goes', async () => {
    fresh();
    await one.pause('amazon:shop1:getOrders', 1_000);
    await two.acquire('amazon:shop1:getOrders', { ratePerSec: 100, burst: 5 });
    expect(slept.length).toBeGreaterThan(0);
    expect(slept[0]).toBeGreaterThan(0);
    expect(slept[0]).toBeLessThanOrEqual(1_000);
  });

  it('a bucket drained by one process makes the other wait for a token', async () => {
    fresh();
    const op = { ratePerSec: 1, burst: 2 }; // a token every second: the other process cannot slip in between
    await one.acquire('taobao:shop1:taobao.trades.sold.increment.get', op);
    await one.acquire('taobao:shop1:taobao.trades.sold.increment.get', op);
    await two.acquire('taobao:shop1:taobao.trades.sold.increment.get', op);
    expect(slept.length).toBeGreaterThan(0); // a third call within the burst had to wait
  });

  it('units given back (a GraphQL query cheaper than requested) let the next call go without waiting', async () => {
    fresh(1_000);
    const opts = { ratePerSec: 50, burst: 1000, cost: 900 };
    await one.acquire('shopify:shopR:graphql', opts);
    // Without the refund the bucket holds ~100 points: the next 900 would wait ~16 s, longer than this caller may.
    await one.refund('shopify:shopR:graphql', 880, { burst: 1000 });
    await two.acquire('shopify:shopR:graphql', opts);
    expect(slept).toEqual([]);
    const err = await two.acquire('shopify:shopR:graphql', opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitWaitError);
  });
});
