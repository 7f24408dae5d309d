import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { buildServer } from '../../src/api/server.js';
import { bootstrap, type Runtime } from '../../src/bootstrap.js';
import { createLogger } from '../../src/logger.js';
import { readinessProbe } from '../../src/probe.js';
import { privateFerret, privateRedis, type PrivateService } from '../helpers/private-services.js';

const ADMIN = 'outage-admin-token-0123456789';
let redis: PrivateService;
let store: PrivateService;
let rt: Runtime;
let app: FastifyInstance;
let auth: { authorization: string };

/** The answer, or a failure if none comes within 10 s (before the fix, a call hung for the whole outage). */
async function answer(method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = auth) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${method} ${url}: no answer in 10 s`)), 10_000); });
  try {
    return await Promise.race([app.inject({ method, url, headers, ...(payload ? { payload } : {}) }), hung]);
  } finally {
    clearTimeout(timer);
  }
}
const adjust = (key: string) => answer('POST', '/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode: 'SKU-O', mode: 'delta', quantity: 1, reason: 'count', idempotencyKey: key });

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  [redis, store] = await Promise.all([privateRedis(), privateFerret()]);
  await Promise.all([redis.start(), store.start()]);
  const config = loadConfig({
    MONGODB_URI: store.url, REDIS_URL: redis.url, QUEUE_PREFIX: `o${randomBytes(3).toString('hex')}`, ADMIN_TOKEN: ADMIN,
    CREDENTIALS_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  rt = await bootstrap(config, 'api', createLogger(config.LOG_LEVEL));
  app = await buildServer({ ctx: rt.ctx, adminToken: ADMIN, probe: readinessProbe(rt) });
  const seller = (await app.inject({ method: 'POST', url: '/v1/sellers', headers: { 'x-admin-token': ADMIN }, payload: { name: 'Outage' } })).json<{ apiKey: string }>();
  auth = { authorization: `Bearer ${seller.apiKey}` };
  expect((await answer('POST', '/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 1 })).statusCode).toBe(201);
  expect((await answer('POST', '/v1/skus', { code: 'SKU-O', name: 'O' })).statusCode).toBe(201);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await rt?.close();
  await Promise.all([redis?.dispose(), store?.dispose()]);
});

describe('outages: 503 SERVICE_UNAVAILABLE with Retry-After at once, /readyz names the dependency, recovery by itself', () => {
  it('Redis down: calls that need it answer 503; the others keep working; back when Redis is', async () => {
    expect((await adjust('before-redis')).statusCode).toBe(201);
    await redis.kill();
    for (const key of ['during-redis-1', 'during-redis-2']) {
      const res = await adjust(key);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.json().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'redis' } });
    }
    expect((await answer('GET', '/v1/stock?skuCode=SKU-O')).statusCode).toBe(200); // the store alone still answers
    const ready = await answer('GET', '/readyz', undefined, {});
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', store: true, redis: false, down: ['redis'] });

    await redis.start();
    await until('redis back', async () => (await answer('GET', '/readyz', undefined, {})).statusCode === 200);
    expect((await adjust('after-redis')).statusCode).toBe(201);
    const level = (await answer('GET', '/v1/stock?skuCode=SKU-O')).json().items[0];
    expect(level.onHand).toBe(2); // nothing lost, nothing doubled: the two refused calls changed nothing
  }, 90_000);

  it('store down: /v1 answers 503; /readyz says the store; back when the store is', async () => {
    await store.kill();
    for (const url of ['/v1/stock?skuCode=SKU-O', '/v1/orders']) {
      const res = await answer('GET', url);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.json().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'store' } });
    }
    expect((await adjust('during-store')).statusCode).toBe(503);
    const ready = await answer('GET', '/readyz', undefined, {});
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ store: false, redis: true, down: ['store'] });
    expect((await answer('GET', '/healthz', undefined, {})).statusCode).toBe(200);

    await store.start();
    await until('store back', async () => (await answer('GET', '/readyz', undefined, {})).statusCode === 200);
    await until('API back', async () => (await answer('GET', '/v1/stock?skuCode=SKU-O')).statusCode === 200);
    expect((await adjust('after-store')).statusCode).toBe(201);
    expect((await answer('GET', '/v1/stock?skuCode=SKU-O')).json().items[0].onHand).toBe(3);
  }, 90_000);
});
