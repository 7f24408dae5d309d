import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
// The same three for many keys in one round trip: take every free key (returns the 1-based indices taken),
// renew or release the keys still held under the token.
const TRY_MANY = `local got = {}
for i, k in ipairs(KEYS) do
  if redis.call('set', k, ARGV[1], 'PX', ARGV[2], 'NX') then got[#got + 1] = i end
end
return got`;
const EXTEND_MANY = `for _, k in ipairs(KEYS) do
  if redis.call('get', k) == ARGV[1] then redis.call('pexpire', k, ARGV[2]) end
end
return 0`;
const RELEASE_MANY = `local n = 0
for _, k in ipairs(KEYS) do
  if redis.call('get', k) == ARGV[1] then n = n + redis.call('del', k) end
end
return n`;

export interface Locks {
  /** True when holders of one key exclude each other (a real lock, not a pass-through). */
  readonly exclusive?: boolean;
  /** Runs `fn` while holding `key`; waits up to `waitMs` for it. */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number }): Promise<T>;
  /**
   * Takes every key of `keys` that is free, in one round trip, without waiting; the caller handles the busy ones
   * (usually through `withLock`, which waits). The held keys are kept alive until `release()`.
   */
  tryLockMany?(keys: readonly string[], opts?: { ttlMs?: number }): Promise<HeldLocks>;
}

export interface HeldLocks {
  held: ReadonlySet<string>;
  busy: string[];
  /** Releases the given held keys (default: all still held) in one round trip; the others stay held and renewed. */
  release(keys?: Iterable<string>): Promise<void>;
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

  async tryLockMany(keys: readonly string[], opts: { ttlMs?: number } = {}): Promise<HeldLocks> {
    const ttl = opts.ttlMs ?? 15_000;
    const unique = [...new Set(keys)];
    if (unique.length === 0) return { held: new Set(), busy: [], release: async () => {} };
    const full = unique.map((k) => `${this.prefix}:lock:${k}`);
    const token = randomBytes(8).toString('hex');
    const got = (await this.redis.eval(TRY_MANY, full.length, ...full, token, ttl)) as number[];
    const held = new Set(got.map((i) => unique[i - 1]!));
    const fullOf = (k: string) => `${this.prefix}:lock:${k}`;
    const still = new Set(held);
    const renew = held.size === 0 ? undefined : setInterval(() => {
      const keep = [...still].map(fullOf);
      if (keep.length > 0) this.redis.eval(EXTEND_MANY, keep.length, ...keep, token, ttl).catch(() => {});
    }, Math.max(100, Math.floor(ttl / 3)));
    renew?.unref();
    return {
      held,
      busy: unique.filter((k) => !held.has(k)),
      release: async (keys?: Iterable<string>) => {
        const going = [...(keys ?? still)].filter((k) => still.has(k));
        for (const k of going) still.delete(k);
        if (still.size === 0) clearInterval(renew);
        if (going.length > 0) await this.redis.eval(RELEASE_MANY, going.length, ...going.map(fullOf), token).catch(() => {});
      },
    };
  }
}
