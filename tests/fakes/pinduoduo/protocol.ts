import { createHash } from 'node:crypto';

/** The fake router's own reading of PDD signing (independent of the connector's), checked against the vectors. */
export function expectedPddSign(params: Record<string, string>, secret: string): string {
  const base = Object.keys(params).filter((k) => k !== 'sign').sort().map((k) => k + params[k]).join('');
  return createHash('md5').update(secret + base + secret).digest('hex').toUpperCase();
}

export interface PddErrorAnswer {
  error_code: number;
  error_msg: string;
  sub_code?: string;
  sub_msg?: string;
}

/* Codes as the fake answers them; PLATFORMS.md only fixes the shape, so these follow common knowledge ([R]). */
export const pddErrors = {
  badClient: { error_code: 10016, error_msg: 'client_id不存在' },
  badTimestamp: { error_code: 10015, error_msg: 'timestamp已过期' },
  badSign: { error_code: 10014, error_msg: 'sign error 签名错误' },
  tokenExpired: { error_code: 10019, error_msg: 'access_token已过期' },
  tooFrequent: (secs?: number) => ({ error_code: 70031, error_msg: secs ? `调用过于频繁，请${secs}秒后重试` : '调用过于频繁，请调整调用频率' }),
  unknownType: { error_code: 10000, error_msg: '参数错误', sub_msg: 'type不存在' },
  badArg: (sub_msg: string) => ({ error_code: 10000, error_msg: '参数错误', sub_code: 'invalid-argument', sub_msg }),
  business: (sub_msg: string) => ({ error_code: 50000, error_msg: '业务失败', sub_code: 'business-error', sub_msg }),
  busy: { error_code: 50001, error_msg: '系统繁忙' },
} satisfies Record<string, PddErrorAnswer | ((...a: never[]) => PddErrorAnswer)>;

/** `yyyy-MM-dd HH:mm:ss` Beijing time ⇄ epoch seconds. */
export function secsToPddTime(s: number): string {
  return new Date(s * 1000 + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

export function pddTimeToSecs(t: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(t);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!, +m[6]!) / 1000 : NaN;
}
