import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The server side of WooCommerce's one-legged OAuth 1.0a check (class-wc-rest-authentication.php), written
 * independently of the connector: PHP's `$_GET` values are decoded once, `normalize_parameters` decodes again and
 * RFC-3986-encodes key and value, keys are sorted with strcmp, each `k=v` is encoded once more and the pairs are
 * joined with `%26`; base = METHOD & enc(URL without query) & joined; key = consumer secret + '&'.
 */
const phpRawUrlEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function wcServerBaseString(method: string, url: string, params: Record<string, string>): string {
  const normalized: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'oauth_signature') continue;
    normalized[phpRawUrlEncode(safeDecode(k))] = phpRawUrlEncode(safeDecode(v));
  }
  const keys = Object.keys(normalized).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const joined = keys.map((k) => phpRawUrlEncode(`${k}=${normalized[k]}`)).join('%26');
  return `${method.toUpperCase()}&${phpRawUrlEncode(url)}&${joined}`;
}

export function wcServerSignature(base: string, secret: string, method: string): string | null {
  const algo = method === 'HMAC-SHA1' ? 'sha1' : method === 'HMAC-SHA256' ? 'sha256' : null;
  return algo ? createHmac(algo, `${secret}&`).update(base).digest('base64') : null;
}

export type OAuthVerdict = { ok: true } | { ok: false; code: string; message: string };

export function verifyOAuth(opts: {
  method: string; url: string; params: Record<string, string>; consumerKey: string; consumerSecret: string; nowSec: number; usedNonces: Set<string>;
}): OAuthVerdict {
  const p = opts.params;
  const needed = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];
  const missing = needed.filter((k) => !p[k]);
  if (missing.length) return { ok: false, code: 'woocommerce_rest_authentication_missing_parameter', message: `Missing OAuth parameter ${missing.join(', ')}` };
  if (p.oauth_consumer_key !== opts.consumerKey) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.' };
  const expected = wcServerSignature(wcServerBaseString(opts.method, opts.url, p), opts.consumerSecret, p.oauth_signature_method!);
  if (!expected) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - signature method is invalid.' };
  const a = Buffer.from(expected);
  const b = Buffer.from(p.oauth_signature!);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match.' };
  }
  const ts = Number(p.oauth_timestamp);
  if (!Number.isFinite(ts) || Math.abs(ts - opts.nowSec) > 15 * 60) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid timestamp.' };
  const nonceKey = `${p.oauth_nonce}:${ts}`;
  if (opts.usedNonces.has(nonceKey)) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid nonce - nonce has already been used.' };
  opts.usedNonces.add(nonceKey);
  return { ok: true };
}
