import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { requireEnv } from './store.js';

/** A Redis connection and a random key/queue prefix for one test file. */
export function openTestRedis(): { redis: Redis; prefix: string; close(): Promise<void> } {
  const redis = new Redis(requireEnv('REDIS_URL'), { maxRetriesPerRequest: null });
  const prefix = `t${randomBytes(4).toString('hex')}`;
  return {
    redis,
    prefix,
    async close() {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
