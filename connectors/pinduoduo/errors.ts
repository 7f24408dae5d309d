import { ConnectorError } from '../errors.js';

export interface PddErrorBody {
  error_code: number;
  error_msg?: string;
  sub_code?: string;
  sub_msg?: string;
}

/*
 * PLATFORMS.md gives the error shape but not the code catalogue. The codes below are recalled, not checked
 * ([R]): 10019 = access_token expired, 70031 = calls too frequent. The message patterns back them up, so an
 * unlisted code with a throttling or token message is still classified sensibly.
 */
const authCodes = new Set([10019]);
const throttleCodes = new Set([70031]);
const throttleText = /频繁|限流|too\s*(many|frequent)|rate\s*limit/i;
const authText = /access_token|token.*(过期|失效|invalid|expired)|签名|sign(ature)?\s*(error|invalid)|client_id|授权/i;
const transientText = /系统(繁忙|异常)|服务(繁忙|异常|不可用)|timeout|超时|busy/i;

/** "N秒" / "N seconds" in a throttling message, when the platform says how long to wait. */
function waitSeconds(text: string): number | undefined {
  const m = /(\d+)\s*(秒|s\b|sec)/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function classifyPddError(e: PddErrorBody, api: string): ConnectorError {
  const platformCode = e.sub_code ? `${e.error_code}/${e.sub_code}` : String(e.error_code);
  const detail = `${e.error_msg ?? ''}${e.sub_msg ? ` (${e.sub_msg})` : ''}`;
  const text = `PDD ${api} failed: ${platformCode} ${detail}`.trim();
  if (throttleCodes.has(e.error_code) || throttleText.test(detail)) {
    const secs = waitSeconds(detail);
    return new ConnectorError('rate_limited', text, { platformCode, retryAfterMs: secs === undefined ? 1000 : secs * 1000 });
  }
  if (authCodes.has(e.error_code) || authText.test(detail)) return new ConnectorError('auth', text, { platformCode });
  // The platform failed while handling the call: a write may have been applied (read back before resending).
  if (transientText.test(detail)) return new ConnectorError('transient', text, { platformCode, ambiguous: true });
  return new ConnectorError('invalid', text, { platformCode });
}
