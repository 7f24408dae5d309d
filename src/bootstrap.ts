import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Registry } from 'prom-client';
import type { Config } from '../config/schema.js';
import type { Ctx } from './context.js';
import { connectStore } from './db/connection.js';
import { createModels, syncIndexes } from './db/models.js';
import { validateTransitionTable } from './domain/lifecycle.js';
import { BullJobSink } from './jobs.js';
import { RedisLocks } from './locks.js';
import { createLogger, type Logger } from './logger.js';
import { countingConnector, countingLimiter, metricsRegistry } from './metrics.js';
import { RedisRateLimiter } from './rate-limit.js';
import { warnExpiringApiVersions } from './services/api-versions.service.js';
import { commandRedisOptions, untilReady, watchRedis } from './redis-connections.js';
import { connectorFactory } from './services/shops.service.js';
import { StockLedger } from './services/stock-ledger.js';
import { settledWithin } from './settle.js';

export interface Runtime {
  ctx: Ctx;
  /** Prometheus metrics of this process (served by the API at /metrics). */
  metrics(): Registry;
  conn: Connection;
  redis: Redis;
  sink: BullJobSink;
  close(): Promise<void>;
}

/** Config → logger → store → Redis → ports → context. Shared by every process entry point. */
export async function bootstrap(
  config: Config,
  role: string,
  log: Logger = createLogger(config.LOG_LEVEL, { role }),
  opts: { monitorCommands?: boolean } = {},
): Promise<Runtime> {
  validateTransitionTable();
  const conn = await connectStore(config.MONGODB_URI, { ...opts, failFast: true });
  const models = createModels(conn);
  await syncIndexes(models);
  // For BullMQ workers (blocking commands wait through an outage, as BullMQ requires).
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  // For everything else: fails fast while Redis is down (see commandRedisOptions).
  const commands = new Redis(config.REDIS_URL, commandRedisOptions);
  watchRedis(redis, log, 'workers');
  watchRedis(commands, log, 'commands');
  await redis.ping();
  await untilReady(commands);
  const sink = new BullJobSink(commands, config.QUEUE_PREFIX);
  const locks = new RedisLocks(commands, config.QUEUE_PREFIX);
  const now = () => new Date();
  const limiter = countingLimiter(new RedisRateLimiter(commands, config.QUEUE_PREFIX));
  const ctx: Ctx = {
    config,
    models,
    redis: commands,
    jobs: sink,
    locks,
    ledger: new StockLedger(models, locks, now),
    limiter,
    log,
    now,
    connectorFor: countingConnectors(connectorFactory({ config, limiter, log, now, models, locks })),
  };
  log.info({ store: redactUri(config.MONGODB_URI), queuePrefix: config.QUEUE_PREFIX }, 'connected to store and redis');
  warnExpiringApiVersions(log, now());
  let registry: Registry | undefined;
  return {
    ctx,
    metrics: () => (registry ??= metricsRegistry({ models, sink, redis: commands, prefix: config.QUEUE_PREFIX })),
    conn,
    redis,
    sink,
    // Bounded: with Redis or the store down, quitting politely would wait for them; after 2 s the sockets are dropped.
    async close() {
      await settledWithin(2_000, sink.close());
      for (const r of [redis, commands]) {
        if (r.status !== 'ready' || !(await settledWithin(1_000, r.quit()))) r.disconnect();
      }
      if (!(await settledWithin(2_000, conn.close()))) await settledWithin(1_000, conn.close(true));
    },
  };
}


const countingConnectors = (make: Ctx['connectorFor']): Ctx['connectorFor'] => (shop) => countingConnector(make(shop));

export const redactUri = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//[redacted]@');

/**
 * Runs `stop` once on SIGINT/SIGTERM, then exits. Bounded: a second signal, or `hardLimitMs` passing, exits at
 * once (whatever was still running is re-derived from the store by the next start's sweeper).
 */
export function onShutdown(log: Logger, stop: () => Promise<void>, hardLimitMs = 8_000): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ hardLimitMs }, 'shutdown took too long: exiting now');
      process.exit(1);
    }, hardLimitMs);
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
