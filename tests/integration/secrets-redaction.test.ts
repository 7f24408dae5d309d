import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../connectors/errors.js';
import { createHttpClient, send } from '../../connectors/http.js';
import { serializeError } from '../../connectors/redact.js';
import { closedPort, startHostileServer, type HostileServer } from '../fakes/hostile-server.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { connectorFactory } from '../../src/services/shops.service.js';
import { RecordingLimiter } from '../helpers/fake-limiter.js';
import { startWorkers, type WorkerRuntime } from '../../workers/runtime.js';

/**
 * Every connector's failure paths (connection refused, connection reset, HTTP 500 and 401 with a body echoing
 * the request) at LOG_LEVEL=debug, with known secrets in the shops' credentials: none of them may appear in the
 * logs, in Redis (BullMQ job data, failure reasons, stack traces) or in an API answer.
 */
const S = (name: string) => `SECRET${name}x9q`;
const credentialsFor = (base: string): Record<string, object> => ({
  sandbox: { apiKey: S('sandboxKey'), webhookSecret: S('sandboxWh') },
  shopify: { shopDomain: 'leak-test.myshopify.com', accessToken: `shpat_${S('shopify')}`, webhookSecret: `shpss_${S('shopifyWh')}` },
  woocommerce: { consumerKey: `ck_${S('wooKey')}`, consumerSecret: `cs_${S('wooSecret')}` },
  shopee: { partnerId: 2_000_001, partnerKey: S('shopeePartner'), shopeeShopId: 600_100, accessToken: S('shopeeAccess'), refreshToken: S('shopeeRefresh') },
  taobao: { appKey: 'tb-app-1', appSecret: S('taobaoApp'), session: S('taobaoSession') },
  pinduoduo: { clientId: 'pdd-client-1', clientSecret: S('pddClient'), accessToken: S('pddAccess') },
  amazon: { sellerId: 'A1', marketplaceId: 'M1', region: 'eu', lwaClientId: 'amzn-client-1', lwaClientSecret: S('amazonLwa'), refreshToken: `Atzr|${S('amazonRefresh')}`, lwaTokenUrl: `${base}/lwa` },
});
const secrets = Object.values(credentialsFor('')).flatMap((c) => Object.entries(c).filter(([k]) => !/Id$|^region$|^shopDomain$|^lwaTokenUrl$|^appKey$/.test(k)).map(([, v]) => String(v).replace(/^(shpat_|shpss_|ck_|cs_|Atzr\|)/, '')));

let hub: TestHub;
let workers: WorkerRuntime | undefined;
let hostile: HostileServer;
let auth: { authorization: string };
let logs = '';
const shops: { id: string; platform: string; mode: string; webhookPath: string }[] = [];

beforeAll(async () => {
  hostile = await startHostileServer();
  const capture = new Writable({ write(chunk: Buffer, _enc, cb) { logs += chunk.toString(); cb(); } });
  hub = await startTestHub({ env: { LOG_LEVEL: 'debug' }, logStream: { write: (s: string) => capture.write(s) } });
  // The real connector factory with a limiter that does not wait: throttling is not what this file is about.
  Object.assign(hub.rt.ctx, { connectorFor: connectorFactory({ ...hub.rt.ctx, limiter: new RecordingLimiter() }) });
  // Every shop's import runs at once (their connectors retry inline before the job fails).
  workers = startWorkers(hub.rt.ctx, hub.rt.redis, hub.rt.sink, { prefix: hub.config.QUEUE_PREFIX, concurrency: 80, syncIntervalSeconds: 3600, sweepIntervalSeconds: 3600, cron: false, queues: ['import'] });
  auth = (await hub.newSeller('Leak test')).auth;
  const refused = `http://127.0.0.1:${await closedPort()}`;
  const bases: Record<string, string> = { refused, reset: `${hostile.url}/reset`, m500: `${hostile.url}/m500`, m401: `${hostile.url}/m401` };
  for (const [mode, base] of Object.entries(bases)) {
    for (const [platform, credentials] of Object.entries(credentialsFor(base))) {
      const variants = platform === 'woocommerce' ? [{ ...credentials, authMode: 'basic' }, { ...credentials, authMode: 'query' }] : [credentials];
      for (const c of variants) {
        const res = await hub.app.inject({ method: 'POST', url: '/v1/shops', headers: auth, payload: { platform, name: `${platform} ${mode}`, apiBaseUrl: base, credentials: c } });
        expect(res.statusCode, res.body).toBe(201);
        const body = res.json<{ id: string; webhookPath: string }>();
        shops.push({ id: body.id, platform, mode, webhookPath: body.webhookPath });
      }
    }
  }
  for (const s of shops) {
    const res = await hub.app.inject({ method: 'POST', url: `/v1/shops/${s.id}/sync`, headers: auth });
    expect(res.statusCode, res.body).toBe(202);
  }
  // Every shop's sync fails once (and is recorded) before anything is inspected.
  await eventually(async () => {
    const n = await hub.rt.ctx.models.Shop.countDocuments({ _id: { $in: shops.map((s) => s.id) }, 'sync.lastError': { $type: 'string' } });
    return n === shops.length ? n : undefined;
  }, 'every shop to record a failed sync', 60_000);
  // Webhook deliveries with a wrong signature: the token in the path must not reach the request log.
  for (const s of shops.filter((x) => x.mode === 'refused')) {
    await hub.app.inject({ method: 'POST', url: `${s.webhookPath}?access_token=${S('query')}`, headers: { 'content-type': 'application/json' }, payload: { id: 1 } });
  }
}, 120_000);
afterAll(async () => {
  await workers?.close();
  await hub?.close();
  await hostile?.close();
});

async function redisDump(): Promise<string> {
  const r = hub.rt.redis;
  const keys = await r.keys(`${hub.config.QUEUE_PREFIX}:*`);
  const parts: string[] = [];
  for (const k of keys) {
    const type = await r.type(k);
    if (type === 'hash') parts.push(JSON.stringify(await r.hgetall(k)));
    else if (type === 'list') parts.push(JSON.stringify(await r.lrange(k, 0, -1)));
    else if (type === 'zset') parts.push(JSON.stringify(await r.zrange(k, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await r.smembers(k)));
    else if (type === 'string') parts.push(String(await r.get(k)));
    else if (type === 'stream') parts.push(JSON.stringify(await r.xrange(k, '-', '+')));
  }
  return parts.join('\n');
}

const leaks = (text: string) => [
  ...secrets.filter((s) => text.includes(s)),
  ...[...text.matchAll(/\b(sign|signature|access_token|consumer_secret|consumer_key|oauth_signature)=(?!\[redacted\])[^&\s"]+/g)].map((m) => m[0]),
];

describe('shop credentials never leave the process', () => {
  it('the failures were really exercised and logged at debug level', () => {
    expect(logs).toContain('job failed');
    expect(logs).toMatch(/ECONNREFUSED/);
    expect(logs).toMatch(/ECONNRESET|socket hang up/);
    expect(logs).toMatch(/HTTP 500/);
    expect(logs).toMatch(/HTTP 401/);
    expect(logs).toContain('/webhooks/sandbox/[redacted]');
  });

  it('no secret and no webhook token in the logs', () => {
    expect(leaks(logs)).toEqual([]);
    for (const s of shops) expect(logs).not.toContain(s.webhookPath.split('/').pop()!);
  });

  it('no secret in Redis: job data, failure reasons, stack traces, events', async () => {
    const dump = await redisDump();
    expect(dump).toMatch(/network error|HTTP 500/);
    expect(leaks(dump)).toEqual([]);
  });

  it('no secret and no remote error text in API answers (sync.lastError is a classified message)', async () => {
    const list = await hub.app.inject({ method: 'GET', url: '/v1/shops', headers: auth });
    expect(list.statusCode).toBe(200);
    const bodies = [list.body];
    for (const s of shops) bodies.push((await hub.app.inject({ method: 'GET', url: `/v1/shops/${s.id}`, headers: auth })).body);
    const text = bodies.join('\n');
    expect(leaks(text)).toEqual([]);
    expect(text).not.toMatch(/headers|graphql\.json|user-agent/); // words of the echoed request
    const items = list.json<{ items: { sync: { lastError: string | null } }[] }>().items;
    expect(items.every((i) => typeof i.sync.lastError === 'string' && !i.sync.lastError.includes('{'))).toBe(true);
  });

  it('a timeout carries no request config either', async () => {
    const http = createHttpClient({ baseURL: `${hostile.url}/hang`, timeoutMs: 200, headers: { authorization: `Bearer ${S('timeout')}` } });
    const err = await send(() => http.get('/x', { params: { access_token: S('timeoutQuery') } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).retryable).toBe(true);
    expect((err as ConnectorError).cause).toBeUndefined();
    const text = JSON.stringify(serializeError(err)) + JSON.stringify(err) + String((err as Error).stack);
    expect(text).not.toContain(S('timeout'));
    expect(text).not.toContain(S('timeoutQuery'));
  });
});
