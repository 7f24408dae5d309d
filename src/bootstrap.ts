import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from '../config/schema.js';
import type { Ctx } from './context.js';
import { connectStore } from './db/connection.js';
import { createModels, syncIndexes } from './db/models.js';
import { validateTransitionTable } from './domain/lifecycle.js';
import { BullJobSink } from './jobs.js';
import { RedisLocks } from './locks.js';
import { createLogger, type Logger } from './logger.js';
import { RedisRateLimiter } from './rate-limit.js';
import { commandRedisOptions, untilReady, watchRedis } from './redis-connections.js';
import { connectorFactory } from './services/shops.service.js';
import { StockLedger } from './services/stock-ledger.js';

export interface Runtime {
  ctx: Ctx;
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
  const limiter = new RedisRateLimiter(commands, config.QUEUE_PREFIX);
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
    connectorFor: connectorFactory({ config, limiter, log, now, models, locks }),
  };
  log.info({ store: redactUri(config.MONGODB_URI), queuePrefix: config.QUEUE_PREFIX }, 'connected to store and redis');
  return {
    ctx,
    conn,
    redis,
    sink,
    async close() {
      await sink.close();
      await redis.quit().catch(() => redis.disconnect());
      await commands.quit().catch(() => commands.disconnect());
      await conn.close();
    },
  };
}

export const redactUri = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//[redacted]@');

/** Runs `stop` once on SIGINT/SIGTERM, then exits. */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
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
