import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface Locks {
  /** True when holders of one key exclude each other (a real lock, not a pass-through). */
  readonly exclusive?: boolean;
  /** Runs `fn` while holding `key`; waits up to `waitMs` for it. */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number }): Promise<T>;
}

export class LockTimeoutError extends Error {
  constructor(readonly key: string) {
    super(`lock ${key} is busy`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Short Redis locks (SET NX PX + compare-and-delete). FerretDB 1.x applies no update atomically (an update is
 * a read and a separate write), so writers of one order document take its lock; stock correctness does not
 * depend on these locks (see StockLedger), they only keep contenders from retrying in a storm.
 */
export class RedisLocks implements Locks {
  readonly exclusive = true;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async withLock<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number } = {}): Promise<T> {
    const ttl = opts.ttlMs ?? 15_000;
    const deadline = Date.now() + (opts.waitMs ?? 10_000);
    const full = `${this.prefix}:lock:${key}`;
    const token = randomBytes(8).toString('hex');
    let pauseMs = 2;
    while ((await this.redis.set(full, token, 'PX', ttl, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, pauseMs + Math.random() * pauseMs));
      pauseMs = Math.min(pauseMs * 2, 50);
    }
    // The holder keeps its lock alive while it works, so the TTL only has to cover a holder that died: a
    // SIGKILLed worker's lock lapses within one TTL instead of blocking the key for a long fixed time.
    const renew = setInterval(() => {
      this.redis.eval(EXTEND, 1, full, token, ttl).catch(() => {});
    }, Math.max(100, Math.floor(ttl / 3)));
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, full, token).catch(() => {});
    }
  }
}
