import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import { definition, exchangeShopeeCode, shopeeAuthUrl } from '../../../connectors/shopee/index.js';
import { egressAgents } from '../../../src/egress.js';
import { fakeOrder } from '../../fakes/shopee/state.js';
import { at, harness, PARTNER_ID, PARTNER_KEY, SHOPEE_SHOP_ID, T0, type Harness } from './setup.js';

const LIST = '/api/v2/order/get_order_list';
let h: Harness;
afterEach(async () => h?.fake.close());
const pull = () => h.connector.pullOrders({ since: at(T0), until: at(T0 + 3600) });

describe('shopee auth', () => {
  it('refreshes an access token Shopee rejects, retries, and keeps using the rotated pair', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('A1', T0 + 5));
    h.fake.state.accessTokens.delete(h.creds.accessToken); // the 4-hour token has expired
    expect((await pull()).items.map((o) => o.platformOrderId)).toEqual(['A1']);
    expect(h.fake.state.calls('/api/v2/auth/access_token/get')).toHaveLength(1);
    expect(h.fake.state.refreshTokens.has(h.creds.refreshToken)).toBe(false); // spent
    const tokensUsed = h.fake.state.calls(LIST).map((c) => c.query.access_token);
    expect(tokensUsed).toEqual([h.creds.accessToken, 'fake-access-1']);
    await pull();
    expect(h.fake.state.calls('/api/v2/auth/access_token/get')).toHaveLength(1); // no second refresh
  });

  it('refreshes ahead of the stated expiry', async () => {
    h = await harness({ accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString() });
    await pull();
    expect(h.fake.state.calls('/api/v2/auth/access_token/get')).toHaveLength(1);
    expect(h.fake.state.calls(LIST)[0]?.query.access_token).toBe('fake-access-1');
  });

  it('is an auth error when the refresh token is no good either', async () => {
    h = await harness();
    h.fake.state.accessTokens.delete(h.creds.accessToken);
    h.fake.state.refreshTokens.clear();
    const err = (await pull().catch((e: unknown) => e)) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/re-authorised/);
  });

  it('is an auth error when the partner key is wrong (error_sign), and the key never leaves in the query', async () => {
    h = await harness({ partnerKey: 'not_the_partner_key' });
    const err = (await pull().catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('auth');
    expect(err.opts.platformCode).toBe('error_sign');
    for (const c of h.fake.state.log) expect(JSON.stringify(c.query)).not.toContain('not_the_partner_key');
  });

  it('is an auth error when the shop is banned', async () => {
    h = await harness();
    h.fake.state.fail(LIST, 403, { error: 'shop_banned', message: 'The shop account has been banned.' });
    await expect(pull()).rejects.toMatchObject({ kind: 'auth', opts: { platformCode: 'shop_banned' } });
  });

  it('retries a 5xx and then succeeds', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('A1', T0 + 5));
    h.fake.state.fail(LIST, 502, { error: 'error_server', message: 'Something wrong. Please try later.' }, 2);
    expect((await pull()).items).toHaveLength(1);
    expect(h.fake.state.calls(LIST)).toHaveLength(3);
  });

  it('validates credentials strictly and builds the authorisation URL', () => {
    const ok = { partnerId: 2000001, partnerKey: PARTNER_KEY, shopeeShopId: 600000, accessToken: 'a', refreshToken: 'r' };
    expect(definition.credentialsSchema.safeParse(ok).success).toBe(true);
    expect(definition.credentialsSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(definition.credentialsSchema.safeParse({ ...ok, partnerId: '2000001' }).success).toBe(false);
    const url = new URL(shopeeAuthUrl({ partnerId: 2000001, partnerKey: PARTNER_KEY, redirect: 'https://oms.example.com/cb', now: new Date(1700000000_000) }));
    expect(url.pathname).toBe('/api/v2/shop/auth_partner');
    expect(url.searchParams.get('timestamp')).toBe('1700000000');
    expect(url.searchParams.get('redirect')).toBe('https://oms.example.com/cb');
    expect(url.searchParams.get('sign')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exchanges a single-use authorisation code for the first token pair', async () => {
    h = await harness();
    h.fake.state.authCodes.add('code-123');
    const now = () => new Date();
    const t = await exchangeShopeeCode({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, code: 'code-123', shopeeShopId: SHOPEE_SHOP_ID, now, baseUrl: h.fake.url });
    expect(t).toMatchObject({ accessToken: 'fake-access-1', refreshToken: 'fake-refresh-1' });
    expect(t.expiresAt - Date.now()).toBeGreaterThan(14_300_000);
    await expect(exchangeShopeeCode({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, code: 'code-123', shopeeShopId: SHOPEE_SHOP_ID, now, baseUrl: h.fake.url })).rejects.toMatchObject({ kind: 'auth' });
  });

  it('never sends the code exchange to an address the egress policy refuses', async () => {
    h = await harness();
    h.fake.state.authCodes.add('code-456');
    const egress = (baseURL: string) => egressAgents({ allowPrivate: false, allowedHosts: [] }, baseURL);
    await expect(exchangeShopeeCode({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, code: 'code-456', shopeeShopId: SHOPEE_SHOP_ID, now: () => new Date(), baseUrl: h.fake.url, egress }))
      .rejects.toMatchObject({ kind: 'invalid', opts: { platformCode: 'EGRESS_REFUSED' } });
    expect(h.fake.state.calls('/api/v2/auth/token/get')).toHaveLength(0);
  });

  it('refreshes once when several calls find the token expired at the same time', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('A1', T0 + 5));
    h.fake.state.accessTokens.delete(h.creds.accessToken);
    const pages = await Promise.all([pull(), pull(), pull()]);
    expect(pages.map((p) => p.items.length)).toEqual([1, 1, 1]);
    expect(h.fake.state.calls('/api/v2/auth/access_token/get')).toHaveLength(1);
  });

  it('turns an unreachable platform into a retryable transient error that carries no token', async () => {
    h = await harness();
    await h.fake.close();
    const err = (await pull().catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('transient');
    expect(err.retryable).toBe(true);
    expect(err.cause).toBeUndefined();
    expect(err.message).not.toContain(h.creds.accessToken);
  });
});
