import { ConnectorError } from '../errors.js';

/** The body TOP sends instead of `<api>_response` when a call fails (always with HTTP 200). */
export interface TopErrorBody {
  code: number;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
}

/** Seconds from "This ban will last for N more seconds" (code 7 throttling answers). */
export function banSeconds(subMsg: string | undefined): number | undefined {
  const m = /(\d+)\s*more\s*seconds?/i.exec(subMsg ?? '');
  return m ? Number(m[1]) : undefined;
}

const authCodes = new Set([11, 12, 25, 26, 27, 29]);

/**
 * Maps a TOP error_response onto the hub's error kinds: 7 (app call limited) and 8 (frequency) are throttling,
 * signature/session/app-key/permission codes mean the shop must be re-authorised, `isp.*` sub-codes are the
 * platform's own faults (retry), `isv.*` and argument errors are ours (do not retry).
 */
export function classifyTopError(e: TopErrorBody, api: string): ConnectorError {
  const platformCode = e.sub_code ? `${e.code}/${e.sub_code}` : String(e.code);
  const text = `TOP ${api} failed: ${platformCode} ${e.msg ?? ''}${e.sub_msg ? ` (${e.sub_msg})` : ''}`.trim();
  if (e.code === 7 || e.code === 8) {
    const secs = banSeconds(e.sub_msg);
    return new ConnectorError('rate_limited', text, { platformCode, retryAfterMs: secs === undefined ? 1000 : secs * 1000 });
  }
  if (authCodes.has(e.code)) return new ConnectorError('auth', text, { platformCode });
  if (e.sub_code?.startsWith('isp.') || e.code === 1 || e.code === 2 || e.code === 3) {
    // The platform failed while handling the call: a write may have been applied (read back before resending).
    return new ConnectorError('transient', text, { platformCode, ambiguous: true });
  }
  if (e.sub_code && /not[-_]?exist|not[-_]?found/i.test(e.sub_code)) return new ConnectorError('not_found', text, { platformCode });
  return new ConnectorError('invalid', text, { platformCode });
}
