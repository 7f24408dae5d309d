import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { rfc3986, signOAuthQuery } from '../../../connectors/woocommerce/signing.js';
import { FakeWooCommerce } from '../../fakes/woocommerce/server.js';

let fake: FakeWooCommerce;
afterEach(async () => fake?.close());

const get = (url: string) => axios.get(url, { validateStatus: () => true });

/** The fake must refuse what class-wc-rest-authentication.php refuses, or the connector tests prove nothing. */
describe('fake WooCommerce auth', () => {
  it('accepts a signed request once, then refuses the replayed nonce, a stale timestamp and missing parameters', async () => {
    fake = new FakeWooCommerce({ consumerKey: 'ck_test', consumerSecret: 'cs_test' });
    const base = await fake.start();
    const url = (q: Record<string, string>) => `${base}/wp-json/wc/v3/orders?${Object.entries(q).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&')}`;
    const sign = (ts: number, nonce: string) =>
      signOAuthQuery({ method: 'GET', baseUrl: `${base}/wp-json/wc/v3/orders`, query: { per_page: '5' }, consumerKey: 'ck_test', consumerSecret: 'cs_test', timestamp: ts, nonce });
    const now = Math.floor(fake.clock.getTime() / 1000);
    const signed = sign(now, 'n1');
    expect((await get(url(signed))).status).toBe(200);
    const replay = await get(url(signed));
    expect(replay.status).toBe(401);
    expect(replay.data).toMatchObject({ code: 'woocommerce_rest_authentication_error', message: 'Invalid nonce - nonce has already been used.', data: { status: 401 } });
    expect((await get(url(sign(now - 20 * 60, 'n2')))).data.message).toBe('Invalid timestamp.');
    const { oauth_nonce: _dropped, ...partial } = sign(now, 'n3');
    expect((await get(url(partial))).data.code).toBe('woocommerce_rest_authentication_missing_parameter');
    const tampered = { ...sign(now, 'n4'), per_page: '6' };
    expect((await get(url(tampered))).data.message).toBe('Invalid signature - provided signature does not match.');
    const anonymous = await get(`${base}/wp-json/wc/v3/orders`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
  });

  it('does not accept Basic auth over plain HTTP', async () => {
    fake = new FakeWooCommerce({ consumerKey: 'ck_test', consumerSecret: 'cs_test' });
    const base = await fake.start();
    const res = await axios.get(`${base}/wp-json/wc/v3/orders`, { auth: { username: 'ck_test', password: 'cs_test' }, validateStatus: () => true });
    expect(res.status).toBe(401);
  });
});
