import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../../src/api/server.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ env: { API_KEY_LOCKOUT_FAILURES: '100000' } });
});
afterAll(async () => hub.close());

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'x1');
const badBody = { bogus: 1, lines: 'not-an-array', quantity: -5 };

describe('authentication runs before validation on every /v1 route', () => {
  it('lists the routes from the app itself', () => {
    const routes = routesOf(hub.app).filter((r) => !r.public && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(90);
    expect(routes.some((r) => r.url === '/v1/orders/:id/ship')).toBe(true);
  });

  it('an unauthenticated request with a bad body and bad query answers 401, never 400 with schema details', async () => {
    const failures: string[] = [];
    for (const r of routesOf(hub.app).filter((x) => !x.public)) {
      for (const headers of [{}, { authorization: 'Bearer sk_wrong_key' }, { 'x-admin-token': 'wrong-token-0123456789' }]) {
        const res = await hub.app.inject({
          method: r.method as 'GET', url: `${concrete(r.url)}?limit=abc&unknownParam=1`, headers: { ...headers, 'content-type': 'application/json' },
          ...(['GET', 'HEAD', 'DELETE'].includes(r.method) ? {} : { payload: JSON.stringify(badBody) }),
        });
        const code = r.method === 'HEAD' ? 'UNAUTHENTICATED' : res.json<{ error?: { code?: string } }>().error?.code;
        if (res.statusCode !== 401 || code !== 'UNAUTHENTICATED' || /issues|querystring|body\./.test(res.body)) failures.push(`${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('public routes stay public: health and the OpenAPI document need no key', async () => {
    const publicRoutes = routesOf(hub.app).filter((r) => r.public).map((r) => r.url);
    expect(publicRoutes).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/webhooks/:platform/:token']));
    expect((await hub.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await hub.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });

  it('an authenticated request with the same bad body gets the 400 with details', async () => {
    const s = await hub.newSeller('Auth first');
    const res = await hub.app.inject({ method: 'POST', url: '/v1/warehouses', headers: s.auth, payload: badBody });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});
