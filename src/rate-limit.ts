import type { Redis } from 'ioredis';
import type { RateLimiter } from '../connectors/types.js';

/**
 * Token bucket in Redis, shared by every worker process. Returns 0 when `cost` tokens were taken, else the
 * milliseconds to wait. A pause (the platform told us to back off) blocks the key until it ends.
 * KEYS: bucket, pause. ARGV: rate/s, burst, cost, now ms.
 */
const TAKE = `
local pauseUntil = tonumber(redis.call('get', KEYS[2]) or '0')
local now = tonumber(ARGV[4])
if pauseUntil > now then return pauseUntil - now end
local rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('hmget', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + (math.max(0, now - at) / 1000) * rate)
local ttl = math.ceil((burst / rate) * 1000) + 1000
if tokens >= cost then
  redis.call('hset', KEYS[1], 'tokens', tokens - cost, 'at', now)
  redis.call('pexpire', KEYS[1], ttl)
  return 0
end
redis.call('hset', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('pexpire', KEYS[1], ttl)
return math.ceil(((cost - tokens) / rate) * 1000)
`;

/** KEYS: bucket. ARGV: units, burst. Adds units back to a bucket that exists, up to its burst. */
const REFUND = `
if redis.call('exists', KEYS[1]) == 0 then return 0 end
local tokens = tonumber(redis.call('hget', KEYS[1], 'tokens') or '0')
redis.call('hset', KEYS[1], 'tokens', math.min(tonumber(ARGV[2]), tokens + tonumber(ARGV[1])))
return 1
`;

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Longest a caller waits inside acquire before giving up (the job is retried later instead). */
    private readonly maxWaitMs = 30_000,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async acquire(key: string, opts: { ratePerSec: number; burst: number; cost?: number }): Promise<void> {
    const cost = Math.min(opts.cost ?? 1, opts.burst);
    let waited = 0;
    for (;;) {
      const wait = Number(
        await this.redis.eval(TAKE, 2, this.bucketKey(key), this.pauseKey(key), opts.ratePerSec, opts.burst, cost, Date.now()),
      );
      if (wait <= 0) return;
      if (waited + wait > this.maxWaitMs) throw new RateLimitWaitError(key, wait);
      await this.sleep(wait);
      waited += wait;
    }
  }

  async refund(key: string, units: number, opts: { burst: number }): Promise<void> {
    if (units <= 0) return;
    await this.redis.eval(REFUND, 1, this.bucketKey(key), units, opts.burst);
  }

  async pause(key: string, ms: number): Promise<void> {
    if (ms <= 0) return;
    const until = Date.now() + ms;
    await this.redis.set(this.pauseKey(key), String(until), 'PX', ms);
  }

  private bucketKey(key: string) {
    return `${this.prefix}:rl:${key}`;
  }
  private pauseKey(key: string) {
    return `${this.prefix}:rl-pause:${key}`;
  }
}

export class RateLimitWaitError extends Error {
  constructor(
    readonly key: string,
    readonly waitMs: number,
  ) {
    super(`rate limit ${key}: next slot in ${waitMs} ms`);
    this.name = 'RateLimitWaitError';
  }
}
