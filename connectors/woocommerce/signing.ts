import { createHmac, randomBytes } from 'node:crypto';

/** RFC 3986 percent-encoding (encodeURIComponent leaves !'()* unescaped). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export type OAuthMethod = 'HMAC-SHA1' | 'HMAC-SHA256';

/**
 * WooCommerce's OAuth 1.0a base string (class-wc-rest-authentication.php): every parameter except
 * oauth_signature, each key and value RFC-3986 encoded, sorted by key, joined `k=v` with `&`, then the whole
 * string encoded again; base = METHOD & enc(URL without query) & that.
 */
export function oauthBaseString(method: string, baseUrl: string, params: Record<string, string>): string {
  const pairs = Object.entries(params)
    .filter(([k]) => k !== 'oauth_signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const joined = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${rfc3986(joined)}`;
}

/** base64(HMAC(consumer_secret + "&", base string)). */
export function oauthSignature(baseString: string, consumerSecret: string, method: OAuthMethod): string {
  const algo = method === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  return createHmac(algo, `${consumerSecret}&`).update(baseString).digest('base64');
}

export interface OAuthInput {
  method: string;
  /** Full URL without query string. */
  baseUrl: string;
  query: Record<string, string>;
  consumerKey: string;
  consumerSecret: string;
  signatureMethod?: OAuthMethod;
  timestamp: number;
  nonce?: string;
}

/** Returns the query parameters (original + oauth_*) of a signed one-legged OAuth 1.0a request. */
export function signOAuthQuery(input: OAuthInput): Record<string, string> {
  const params: Record<string, string> = {
    ...input.query,
    oauth_consumer_key: input.consumerKey,
    oauth_nonce: input.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: input.signatureMethod ?? 'HMAC-SHA256',
    oauth_timestamp: String(input.timestamp),
  };
  const base = oauthBaseString(input.method, input.baseUrl, params);
  params.oauth_signature = oauthSignature(base, input.consumerSecret, input.signatureMethod ?? 'HMAC-SHA256');
  return params;
}

/** X-WC-Webhook-Signature: base64(HMAC-SHA256(secret, exact raw body)). */
export function webhookSignature(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}
