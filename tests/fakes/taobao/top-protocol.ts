import { createHash, createHmac } from 'node:crypto';

/**
 * The fake gateway's own reading of the TOP protocol, written independently of the connector so a signing bug
 * on either side shows up as a failed call (the PLATFORMS.md vectors are checked against this too).
 */
export function expectedTopSign(params: Record<string, string>, secret: string): string | null {
  const base = Object.entries(params)
    .filter(([k, v]) => k !== 'sign' && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => k + v)
    .join('');
  switch (params.sign_method ?? 'md5') {
    case 'md5': return createHash('md5').update(`${secret}${base}${secret}`).digest('hex').toUpperCase();
    case 'hmac': return createHmac('md5', secret).update(base).digest('hex').toUpperCase();
    case 'hmac-sha256': return createHmac('sha256', secret).update(base).digest('hex').toUpperCase();
    default: return null;
  }
}

/** `yyyy-MM-dd HH:mm:ss` GMT+8 ⇄ epoch ms. */
export function topTimeToMs(s: string | undefined): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s ?? '');
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!, +m[6]!);
}

export function msToTopTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

export interface TopErrorAnswer {
  code: number;
  msg: string;
  sub_code?: string;
  sub_msg?: string;
}

export const topErrors = {
  invalidSignature: { code: 25, msg: 'Invalid signature' },
  invalidSession: { code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey' },
  invalidAppKey: { code: 29, msg: 'Invalid app Key' },
  invalidTimestamp: { code: 31, msg: 'Invalid timestamp' },
  invalidMethod: { code: 22, msg: 'Invalid method' },
  missingArgs: (sub: string) => ({ code: 40, msg: 'Missing required arguments', sub_msg: sub }),
  invalidArgs: (sub: string) => ({ code: 41, msg: 'Invalid arguments', sub_code: 'isv.invalid-parameter', sub_msg: sub }),
  banned: (secs: number) => ({ code: 7, msg: 'App Call Limited', sub_code: 'accesscontrol.limited-by-app-api-access-count', sub_msg: `This ban will last for ${secs} more seconds` }),
  serviceError: (sub_code: string, sub_msg: string) => ({ code: 15, msg: 'Remote service error', sub_code, sub_msg }),
} satisfies Record<string, TopErrorAnswer | ((...a: never[]) => TopErrorAnswer)>;

/** JSON with bigint values written as bare integers, like TOP's 64-bit ids. */
export function toTopJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `#INT#${x}` : x)).replace(/"#INT#(-?\d+)"/g, '$1');
}
