import { createHash } from 'node:crypto';

/** Pinduoduo `sign`: UPPER(MD5(secret + sorted name+value over every param but `sign` + secret)). No sign_method. */
export function pddSign(params: Record<string, string | undefined>, clientSecret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined)
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
  return createHash('md5').update(clientSecret + base + clientSecret, 'utf8').digest('hex').toUpperCase();
}
