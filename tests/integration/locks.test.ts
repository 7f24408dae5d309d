import { afterAll, describe, expect, it } from 'vitest';
import { LockTimeoutError, RedisLocks } from '../../src/locks.js';
import { openTestRedis } from '../helpers/redis.js';

const r = openTestRedis();
const locks = new RedisLocks(r.redis, r.prefix);
afterAll(async () => r.close());

describe('RedisLocks', () => {
  it('a holder working longer than the TTL keeps its lock; others wait or give up', async () => {
    let release!: () => void;
    const held = locks.withLock('k1', () => new Promise<void>((res) => { release = res; }), { ttlMs: 300 });
    await new Promise((res) => setTimeout(res, 50));
    // Three TTLs later the holder is still working: nobody else got in.
    await expect(locks.withLock('k1', async () => 'second', { ttlMs: 300, waitMs: 900 })).rejects.toBeInstanceOf(LockTimeoutError);
    release();
    await held;
    expect(await locks.withLock('k1', async () => 'after', { ttlMs: 300, waitMs: 100 })).toBe('after');
  });

  it("a dead holder's lock lapses within one TTL", async () => {
    // What a SIGKILLed worker leaves behind: the key, and nobody renewing it.
    await r.redis.set(`${r.prefix}:lock:k2`, 'dead-worker', 'PX', 300);
    expect(await locks.withLock('k2', async () => 'taken over', { ttlMs: 300, waitMs: 2_000 })).toBe('taken over');
  });

  it('tryLockMany takes every free key in one call, reports the busy ones, and releases only its own', async () => {
    await r.redis.set(`${r.prefix}:lock:m2`, 'someone-else', 'PX', 5_000);
    const many = await locks.tryLockMany(['m1', 'm2', 'm3', 'm1'], { ttlMs: 300 });
    expect([...many.held].sort()).toEqual(['m1', 'm3']);
    expect(many.busy).toEqual(['m2']);
    // Held keys exclude others and are kept alive past their TTL while held.
    await new Promise((res) => setTimeout(res, 700));
    await expect(locks.withLock('m1', async () => 'x', { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
    await many.release(['m1']);
    expect(await locks.withLock('m1', async () => 'free', { waitMs: 50 })).toBe('free');
    await expect(locks.withLock('m3', async () => 'x', { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
    await many.release();
    expect(await locks.withLock('m3', async () => 'free', { waitMs: 50 })).toBe('free');
    expect(await r.redis.get(`${r.prefix}:lock:m2`)).toBe('someone-else');
  });
});
