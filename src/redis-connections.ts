import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * The connection for commands (locks, rate limits, queue adds): it fails fast while Redis is down (no offline
 * queue, one retry of an in-flight command) so that an API call answers 503 at once instead of hanging for the
 * whole outage, and reconnects by itself. BullMQ workers keep their own blocking connection
 * (`maxRetriesPerRequest: null`, as BullMQ requires).
 */
export const commandRedisOptions: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };

/** Logs a connection's losses and recoveries once each (not every reconnection attempt). */
export function watchRedis(redis: Redis, log: Logger, name: string): void {
  let lost = false;
  redis.on('error', (err: Error) => {
    if (lost) return;
    lost = true;
    log.warn({ redis: name, cause: err.message }, 'redis unavailable; reconnecting');
  });
  redis.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.info({ redis: name }, 'redis available again');
  });
}

/** Resolves when the connection is ready (commands are refused before that when the offline queue is off). */
export function untilReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { redis.off('ready', ok); reject(new Error(`redis not ready after ${timeoutMs} ms`)); }, timeoutMs);
    const ok = () => { clearTimeout(timer); resolve(); };
    redis.once('ready', ok);
  });
}
