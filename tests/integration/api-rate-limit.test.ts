import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let a: Awaited<ReturnType<TestHub['newSeller']>>;
let b: Awaited<ReturnType<TestHub['newSeller']>>;

const PER_KEY = 5;
const PER_IP = 4;
beforeAll(async () => {
  hub = await startTestHub({
    env: {
      RATE_LIMIT_PER_KEY: String(PER_KEY), RATE_LIMIT_PER_IP: String(PER_IP), RATE_LIMIT_ADMIN_PER_IP: '100',
      RATE_LIMIT_WINDOW_SECONDS: '60', ADMIN_LOCKOUT_FAILURES: '10', ADMIN_LOCKOUT_SECONDS: '900', API_KEY_LOCKOUT_FAILURES: '20',
    },
  });
  a = await hub.newSeller('A');
  b = await hub.newSeller('B');
});
afterAll(async () => hub.close());

const get = (url: string, headers: Record<string, string>, remoteAddress = '127.0.0.1') => hub.app.inject({ method: 'GET', url, headers, remoteAddress });

describe('rate limits (Redis-backed)', () => {
  it('per API key: the N+1th request answers 429 RATE_LIMITED with Retry-After; another key is not affected', async () => {
    for (let i = 0; i < PER_KEY; i++) expect((await get('/v1/warehouses', a.auth)).statusCode).toBe(200);
    const over = await get('/v1/warehouses', a.auth);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The same address with another key still gets through: the bucket is the key, not the IP.
    expect((await get('/v1/warehouses', b.auth)).statusCode).toBe(200);
    const keys = await hub.rt.redis.keys(`${hub.config.QUEUE_PREFIX}:ratelimit:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain(a.auth.authorization.slice(7));
  });

  it('per IP on unauthenticated routes: the N+1th answers 429; another address is not affected', async () => {
    const ip = '10.0.0.7';
    const post = (remoteAddress: string) => hub.app.inject({ method: 'POST', url: '/webhooks/shopify/no-such-token', payload: '{}', headers: { 'content-type': 'application/json' }, remoteAddress });
    for (let i = 0; i < PER_IP; i++) expect((await post(ip)).statusCode).toBe(404);
    const over = await post(ip);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect(over.headers['retry-after']).toBeDefined();
    expect((await post('10.0.0.8')).statusCode).toBe(404);
  });

  it('health probes are never limited', async () => {
    for (let i = 0; i < PER_IP + 3; i++) expect((await get('/healthz', {}, '10.0.0.9')).statusCode).toBe(200);
  });
});

describe('admin token lock-out', () => {
  const createSeller = (token: string, remoteAddress: string) =>
    hub.app.inject({ method: 'POST', url: '/v1/sellers', headers: { 'x-admin-token': token }, payload: { name: 'x' }, remoteAddress });

  it('10 wrong tokens lock the address out for 15 minutes, even with the right token; other addresses are not affected', async () => {
    const ip = '10.1.1.1';
    for (let i = 0; i < 10; i++) expect((await createSeller(`wrong-token-${i}-0123456789`, ip)).statusCode).toBe(401);
    const locked = await createSeller(ADMIN_TOKEN, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('AUTH_LOCKED_OUT');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    const ttl = await hub.rt.redis.pttl(`${hub.config.QUEUE_PREFIX}:authlock:admin:${ip}`);
    expect(ttl).toBeGreaterThan(890_000);
    expect((await createSeller(ADMIN_TOKEN, '10.1.1.2')).statusCode).toBe(201);
  });

  it('nine wrong tokens do not lock out', async () => {
    const ip = '10.1.1.3';
    for (let i = 0; i < 9; i++) expect((await createSeller('wrong-token-0123456789', ip)).statusCode).toBe(401);
    expect((await createSeller(ADMIN_TOKEN, ip)).statusCode).toBe(201);
  });

  it('wrong API keys from one address lock that address out too', async () => {
    const ip = '10.2.2.2';
    for (let i = 0; i < 20; i++) expect((await get('/v1/orders', { authorization: `Bearer sk_guess_${i}` }, ip)).statusCode).toBe(401);
    const locked = await get('/v1/orders', b.auth, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('AUTH_LOCKED_OUT');
    expect((await get('/v1/orders', b.auth, '10.2.2.3')).statusCode).toBe(200);
  });
});
