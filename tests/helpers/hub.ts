import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { apiLimitsFrom } from '../../src/api/api-rate-limit.js';
import { buildServer } from '../../src/api/server.js';
import { bootstrap, type Runtime } from '../../src/bootstrap.js';
import { createLogger } from '../../src/logger.js';
import { readinessProbe } from '../../src/probe.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';
import { randomDbUri, requireEnv } from './store.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestHub {
  config: Config;
  rt: Runtime;
  app: FastifyInstance;
  workers?: WorkerRuntime;
  /** Creates a seller through the API and returns its bearer header. */
  newSeller(name?: string): Promise<{ id: string; auth: { authorization: string } }>;
  close(): Promise<void>;
}

/** A whole hub on the real store (random database) and real Redis (random queue prefix). */
export async function startTestHub(opts: { workers?: boolean; env?: Record<string, string>; logStream?: DestinationStream } = {}): Promise<TestHub> {
  const config = loadConfig({
    MONGODB_URI: randomDbUri(),
    REDIS_URL: requireEnv('REDIS_URL'),
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    ADMIN_TOKEN,
    CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    STOCK_PUSH_COALESCE_MS: '200',
    // Suites drive thousands of requests from one address: limits stay out of their way unless a test sets them.
    RATE_LIMIT_PER_KEY: '1000000', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_ADMIN_PER_IP: '1000000',
    // The platform fakes are loopback servers: the test configuration allows private API addresses explicitly.
    ALLOW_PRIVATE_API_BASE_URLS: '1',
    ...opts.env,
  });
  const rt = await bootstrap(config, 'test', createLogger(config.LOG_LEVEL, {}, opts.logStream));
  const logger = opts.logStream ? { level: config.LOG_LEVEL, stream: opts.logStream } : undefined;
  const app = await buildServer({ ctx: rt.ctx, adminToken: ADMIN_TOKEN, probe: readinessProbe(rt), logger, limits: apiLimitsFrom(config) });
  const workers = opts.workers
    ? startWorkers(rt.ctx, rt.redis, rt.sink, { prefix: config.QUEUE_PREFIX, concurrency: 4, syncIntervalSeconds: 3600, sweepIntervalSeconds: 3600, cron: false })
    : undefined;
  return {
    config,
    rt,
    app,
    workers,
    async newSeller(name = 'Seller') {
      const res = await app.inject({ method: 'POST', url: '/v1/sellers', headers: { 'x-admin-token': ADMIN_TOKEN }, payload: { name } });
      if (res.statusCode !== 201) throw new Error(`seller creation failed: ${res.body}`);
      const body = res.json<{ id: string; apiKey: string }>();
      return { id: body.id, auth: { authorization: `Bearer ${body.apiKey}` } };
    },
    async close() {
      await workers?.close();
      await app.close();
      const keys = await rt.redis.keys(`${config.QUEUE_PREFIX}:*`);
      for (let i = 0; i < keys.length; i += 500) await rt.redis.del(...keys.slice(i, i + 500));
      await rt.conn.dropDatabase().catch(() => {});
      await rt.close();
    },
  };
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes; for asynchronous workers. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
