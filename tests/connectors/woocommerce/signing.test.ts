import { describe, expect, it } from 'vitest';
import { oauthBaseString, oauthSignature, rfc3986, signOAuthQuery, webhookSignature } from '../../../connectors/woocommerce/signing.js';
import { wcServerBaseString, wcServerSignature } from '../../fakes/woocommerce/oauth.js';

// Test vectors from PLATFORMS.md §2 (WooCommerce REST API v3, "Test vectors").
const url = 'http://shop.example.com/wp-json/wc/v3/orders';
const params = { per_page: '20', status: 'processing', oauth_consumer_key: 'ck_test', oauth_nonce: 'nonce123', oauth_timestamp: '1700000000' };
const base256 =
  'GET&http%3A%2F%2Fshop.example.com%2Fwp-json%2Fwc%2Fv3%2Forders&oauth_consumer_key%3Dck_test%26oauth_nonce%3Dnonce123%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26per_page%3D20%26status%3Dprocessing';

describe('WooCommerce OAuth 1.0a signing (PLATFORMS.md vectors)', () => {
  it('builds the documented base string and HMAC-SHA256 signature', () => {
    const base = oauthBaseString('GET', url, { ...params, oauth_signature_method: 'HMAC-SHA256' });
    expect(base).toBe(base256);
    expect(oauthSignature(base, 'cs_test', 'HMAC-SHA256')).toBe('0BxZoWvhwOBLXIyrvC/3LBJqSFLcocuO4R0IR+HFfrM=');
  });

  it('signs with HMAC-SHA1 when asked', () => {
    const base = oauthBaseString('GET', url, { ...params, oauth_signature_method: 'HMAC-SHA1' });
    expect(oauthSignature(base, 'cs_test', 'HMAC-SHA1')).toBe('TEYF9tcnRsox19/gscy5c+S8vQk=');
  });

  it('signOAuthQuery adds the oauth parameters and the vector signature', () => {
    const q = signOAuthQuery({ method: 'GET', baseUrl: url, query: { per_page: '20', status: 'processing' }, consumerKey: 'ck_test', consumerSecret: 'cs_test', timestamp: 1700000000, nonce: 'nonce123' });
    expect(q).toMatchObject({ oauth_signature_method: 'HMAC-SHA256', oauth_signature: '0BxZoWvhwOBLXIyrvC/3LBJqSFLcocuO4R0IR+HFfrM=', per_page: '20' });
  });

  it("the fake server's verifier reproduces the same vectors (so it checks what WooCommerce checks)", () => {
    const base = wcServerBaseString('GET', url, { ...params, oauth_signature_method: 'HMAC-SHA256', oauth_signature: 'ignored' });
    expect(base).toBe(base256);
    expect(wcServerSignature(base, 'cs_test', 'HMAC-SHA256')).toBe('0BxZoWvhwOBLXIyrvC/3LBJqSFLcocuO4R0IR+HFfrM=');
    const base1 = wcServerBaseString('GET', url, { ...params, oauth_signature_method: 'HMAC-SHA1' });
    expect(wcServerSignature(base1, 'cs_test', 'HMAC-SHA1')).toBe('TEYF9tcnRsox19/gscy5c+S8vQk=');
  });

  it('encodes as RFC 3986 (unlike encodeURIComponent)', () => {
    expect(rfc3986("a b!'()*~")).toBe('a%20b%21%27%28%29%2A~');
  });
});

describe('WooCommerce webhook signature (PLATFORMS.md vectors)', () => {
  it('is base64 HMAC-SHA256 of the exact body', () => {
    expect(webhookSignature('wh_secret_123', '{"id":727,"status":"processing","total":"29.35"}')).toBe('rK5HdUlGtbna+DssMqvhEqfrsYU183WIdFWN1hUdEuE=');
    expect(webhookSignature('wh_secret_123', '')).toBe('/23UXc2zWTh65SR5NFYomZ0xE9d8eZSs2rQEacjQ7pc=');
  });
});
