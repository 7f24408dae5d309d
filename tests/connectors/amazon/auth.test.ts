import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definition } from '../../../connectors/amazon/index.js';
import { ConnectorError } from '../../../connectors/errors.js';
import { minutesAgo, startHarness, type Harness } from './harness.js';

describe('amazon LWA token exchange and x-amz-access-token', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.fake.close(); });

  it('exchanges the refresh token with exactly the form LWA expects, once, and sends the access token on every call', async () => {
    h.fake.state.addOrder('111-0000001-0000001', { updatedAt: minutesAgo(h, 30) });
    await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(h.fake.book.exchanges).toHaveLength(1);
    const ex = h.fake.book.exchanges[0]!;
    expect(ex.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(ex.form).toEqual({
      grant_type: 'refresh_token', refresh_token: 'Atzr|refresh-token-1', client_id: 'amzn1.application-oa2-client.test', client_secret: 'lwa-secret-123',
    });
    expect(h.fake.state.calls.filter((c) => c.status === 200).map((c) => c.op)).toEqual(['getOrders', 'getOrderItems', 'getOrders', 'getOrderItems']);
  });

  it('exchanges again when Amazon says the access token expired, then carries on', async () => {
    await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    h.fake.expireAllTokens();
    const page = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(page.items).toEqual([]);
    expect(h.fake.book.exchanges).toHaveLength(2);
    expect(h.fake.state.calls.map((c) => c.status)).toEqual([200, 403, 200]);
  });

  it('refreshes before expiry by the connector clock, without waiting for a 403', async () => {
    await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    h.clock.now = new Date(h.clock.now.getTime() + 3590_000);
    await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(h.fake.book.exchanges).toHaveLength(2);
    expect(h.fake.state.calls.every((c) => c.status === 200)).toBe(true);
  });

  it('a revoked refresh token is an auth error (the shop needs re-authorisation), not retried', async () => {
    h.fake.book.revokedRefreshTokens.add(h.fake.grant.refreshToken);
    const err = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'auth', retryable: false, opts: { platformCode: 'invalid_grant', status: 400 } });
    expect(h.fake.state.calls).toHaveLength(0);
  });

  it('a wrong client secret is an auth error too', async () => {
    const c = h.connect({ lwaClientSecret: 'not-the-secret' });
    await expect(c.pushStock([{ skuCode: 'A', quantity: 1 }])).rejects.toMatchObject({ kind: 'auth', opts: { platformCode: 'invalid_client' } });
  });

  it('a token SP-API keeps refusing after a fresh exchange ends as auth', async () => {
    // Every token the fake issues is already expired: the retry with a fresh token fails as well.
    const original = h.fake.book.tokens.set.bind(h.fake.book.tokens);
    h.fake.book.tokens.set = (k, v) => original(k, { ...v, expiresAt: 0 });
    const err = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', opts: { status: 403, platformCode: 'Unauthorized' } });
    expect(h.fake.book.exchanges).toHaveLength(2);
  });

  it('a 5xx from LWA is transient and retried with the call', async () => {
    h.fake.fail('lwaToken', 503, 1);
    const page = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(page.items).toEqual([]);
    expect(h.fake.book.exchanges).toHaveLength(2);
    expect(h.fake.state.calls).toHaveLength(1);
  });

  it('credentials are validated strictly', () => {
    const ok = { sellerId: 'A1', marketplaceId: 'ATVPDKIKX0DER', region: 'eu', lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'r' };
    expect(definition.credentialsSchema.safeParse(ok).success).toBe(true);
    expect(definition.credentialsSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(definition.credentialsSchema.safeParse({ ...ok, region: 'us' }).success).toBe(false);
    expect(definition.credentialsSchema.safeParse({ ...ok, refreshToken: undefined }).success).toBe(false);
  });
});
