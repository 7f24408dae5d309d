import { createHash, createHmac } from 'node:crypto';

export type TopSignMethod = 'md5' | 'hmac' | 'hmac-sha256';

/** Sorted `name+value` concatenation over every non-empty parameter except `sign` (TOP signing, steps 1–3). */
export function topSignBase(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
}

/**
 * TOP `sign`: md5 wraps the base string in the secret; hmac is HMAC-MD5 and hmac-sha256 HMAC-SHA256 keyed
 * with the secret. Always upper-case hex. `sign_method` must already be among the params (it is signed too).
 */
export function topSign(params: Record<string, string | undefined>, secret: string, method: TopSignMethod): string {
  const base = topSignBase(params);
  const digest =
    method === 'md5'
      ? createHash('md5').update(secret + base + secret, 'utf8').digest('hex')
      : createHmac(method === 'hmac' ? 'md5' : 'sha256', secret).update(base, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** `yyyy-MM-dd HH:mm:ss` in GMT+8, the only timestamp format TOP accepts and returns. */
export function formatTopTime(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
}

/** Parses a TOP `yyyy-MM-dd HH:mm:ss` (GMT+8) time; NaN date when malformed. */
export function parseTopTime(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) return new Date(NaN);
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h - 8, mi, se));
}
