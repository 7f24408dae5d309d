import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptJson } from '../../src/crypto.js';
import { checkEgressUrl, egressPolicyOf } from '../../src/egress.js';
import { runImport } from '../../src/services/import.service.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

/**
 * SSRF through a shop's API address: refused at creation (422 EGRESS_REFUSED, nothing stored) and again at
 * request time (a name that resolves to loopback never gets a connection), allowed where the operator says so.
 */
let strict: TestHub;
let allowing: TestHub;
let target: Server;
let targetUrl: string;
let hits = 0;
const sandboxCreds = { apiKey: 'sandbox-key-123', webhookSecret: 'sandbox-wh-123' };

beforeAll(async () => {
  target = createServer((_req, res) => {
    hits++;
    res.writeHead(500).end('internal service: secret-internal-data');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://localhost:${(target.address() as AddressInfo).port}`;
  strict = await startTestHub({ env: { ALLOW_PRIVATE_API_BASE_URLS: '0' } });
  allowing = await startTestHub({ env: { ALLOW_PRIVATE_API_BASE_URLS: '0', API_BASE_URL_HOSTS: 'localhost,*.allowed.test' } });
});
afterAll(async () => {
  await strict?.close();
  await allowing?.close();
  await new Promise<void>((r) => target.close(() => r()));
});

const create = (hub: TestHub, auth: { authorization: string }, platform: string, apiBaseUrl: string, credentials: object = sandboxCreds) =>
  hub.app.inject({ method: 'POST', url: '/v1/shops', headers: auth, payload: { platform, name: 'x', apiBaseUrl, credentials } });

describe('egress policy at shop creation', () => {
  it.each([
    ['loopback IPv4', 'http://127.0.0.1:8080'],
    ['a name resolving to loopback', 'http://localhost:8080'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data'],
    ['private 10/8', 'http://10.0.0.5'],
    ['private 192.168/16', 'https://192.168.1.1'],
    ['IPv6 loopback', 'http://[::1]:8080'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['unspecified', 'http://0.0.0.0:8080'],
    ['not http(s)', 'ftp://93.184.215.14/'],
    ['user info', 'http://user:pass@93.184.215.14/'],
  ])('%s is refused with 422 EGRESS_REFUSED and nothing is stored', async (_what, url) => {
    const seller = await strict.newSeller();
    const res = await create(strict, seller.auth, 'woocommerce', url, { consumerKey: 'ck_1', consumerSecret: 'cs_1' });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'EGRESS_REFUSED' } });
    expect(await strict.rt.ctx.models.Shop.countDocuments({ sellerId: seller.id })).toBe(0);
  });

  it('a public site address is accepted for a platform that lives on the seller\'s site', async () => {
    const seller = await strict.newSeller();
    const res = await create(strict, seller.auth, 'woocommerce', 'https://93.184.215.14/', { consumerKey: 'ck_1', consumerSecret: 'cs_1' });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a custom address for a fixed-host platform (and Amazon\'s LWA URL) needs the operator\'s allow-list', async () => {
    const seller = await strict.newSeller();
    const shopify = await create(strict, seller.auth, 'shopify', 'https://93.184.215.14/', { shopDomain: 'a.myshopify.com', accessToken: 'shpat_12345678', webhookSecret: 'shpss_1' });
    expect(shopify.json()).toMatchObject({ error: { code: 'EGRESS_REFUSED' } });
    const amazon = { sellerId: 'A1', marketplaceId: 'M1', region: 'eu', lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'r', lwaTokenUrl: 'http://127.0.0.1:9/token' };
    const lwa = await strict.app.inject({ method: 'POST', url: '/v1/shops', headers: seller.auth, payload: { platform: 'amazon', name: 'x', credentials: amazon } });
    expect(lwa.json()).toMatchObject({ error: { code: 'EGRESS_REFUSED' } });
    const other = await allowing.newSeller();
    expect((await create(allowing, other.auth, 'shopify', 'https://shop.allowed.test', { shopDomain: 'a.myshopify.com', accessToken: 'shpat_12345678', webhookSecret: 'shpss_1' })).statusCode).toBe(201);
  });
});

describe('egress policy at request time', () => {
  it('a stored address whose name now resolves to loopback gets no connection; the seller sees a classified error', async () => {
    const seller = await strict.newSeller();
    // As if the record predates the policy, or its DNS answer changed after creation (rebinding).
    const ctx = strict.rt.ctx;
    await ctx.models.Shop.create({ _id: 'shop_rebind', sellerId: seller.id, platform: 'sandbox', name: 'x', credentialsEnc: encryptJson(strict.config.credentialsKey, sandboxCreds), apiBaseUrl: targetUrl, webhookToken: 'wh_rebind', status: 'active', sync: {} });
    const before = hits;
    await expect(runImport(ctx, { shopId: 'shop_rebind', reason: 'manual' })).rejects.toThrow(/egress refused/);
    expect(hits).toBe(before);
    const view = (await strict.app.inject({ method: 'GET', url: '/v1/shops/shop_rebind', headers: seller.auth })).json();
    expect(view.sync.lastError).toBe("the shop's API address is not allowed by this hub's egress policy");
    expect(JSON.stringify(view)).not.toContain('secret-internal-data');
  });

  it('an allow-listed host is reached, and its error body is not shown to the seller', async () => {
    const seller = await allowing.newSeller();
    const res = await create(allowing, seller.auth, 'sandbox', targetUrl);
    expect(res.statusCode, res.body).toBe(201);
    const shopId = res.json<{ id: string }>().id;
    const before = hits;
    await expect(runImport(allowing.rt.ctx, { shopId, reason: 'manual' })).rejects.toThrow();
    expect(hits).toBeGreaterThan(before);
    const view = (await allowing.app.inject({ method: 'GET', url: `/v1/shops/${shopId}`, headers: seller.auth })).json();
    expect(view.sync.lastError).toMatch(/^the platform failed \(HTTP 500\)/);
    expect(JSON.stringify(view)).not.toContain('secret-internal-data');
  });

  it('the policy check itself resolves names (a resolver answering a private address is refused)', async () => {
    const policy = egressPolicyOf({ ALLOW_PRIVATE_API_BASE_URLS: false, API_BASE_URL_HOSTS: [] });
    await expect(checkEgressUrl(policy, 'https://shop.example/', 'apiBaseUrl', async () => ['93.184.215.14', '10.1.2.3'])).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
    await expect(checkEgressUrl(policy, 'https://shop.example/', 'apiBaseUrl', async () => ['93.184.215.14'])).resolves.toBeInstanceOf(URL);
    await expect(checkEgressUrl(policy, 'https://nowhere.invalid/', 'apiBaseUrl', async () => { throw new Error('ENOTFOUND'); })).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
  });
});
