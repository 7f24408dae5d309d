import { ConnectorError } from '../errors.js';

/** Shopee's error codes that mean the access token is no longer good (a refresh may fix them). */
const TOKEN_CODES = new Set(['invalid_acceess_token', 'invalid_access_token', 'error_token']);
/** Codes that mean the partner/shop authorisation itself is broken: only the seller can fix those. */
const AUTH_CODES = new Set([
  'error_auth', 'error_sign', 'error_permission', 'error_api_permission', 'error_partner_key_expired', 'invalid_partner_id', 'shop_banned',
  'shop_no_linked', 'partner_shop_no_link', 'source_ip_undeclared', 'error_api_call_restricted', 'error_kyc_auth', 'error_ashop_api_permission',
]);
const TRANSIENT_CODES = new Set(['error_server', 'error_inner', 'error_network', 'error_unknown', 'error_busy', 'error_system', 'error_exception']);
const NOT_FOUND_CODES = new Set(['error_not_found', 'error_not_exists', 'error_item_not_found']);

export function isTokenError(code: string, message: string): boolean {
  return TOKEN_CODES.has(code) || (code === 'error_auth' && /access[_ ]?token/i.test(message));
}

/** Milliseconds until the next 00:00 UTC+8, when Shopee's daily call cap (`error_limit`) resets. */
export function msUntilDailyReset(now: Date): number {
  const shifted = now.getTime() + 8 * 3600_000;
  const nextMidnight = (Math.floor(shifted / 86_400_000) + 1) * 86_400_000;
  return nextMidnight - shifted;
}

/**
 * Turns a Shopee error body (`{"error":"…","message":"…","request_id":"…"}`) into a ConnectorError.
 * Shopee's HTTP status for errors is not documented, so the `error` code decides; the status is only a fallback.
 */
export function classifyShopeeError(code: string, message: string, status: number, now: Date, retryAfterMs?: number): ConnectorError {
  const text = `shopee ${code}${message ? `: ${message}` : ''}`;
  const base = { platformCode: code, status };
  if (code === 'error_rate_limit') return new ConnectorError('rate_limited', text, { ...base, retryAfterMs: retryAfterMs ?? DEFAULT_BACKOFF_MS });
  if (code === 'error_limit') return new ConnectorError('rate_limited', text, { ...base, retryAfterMs: msUntilDailyReset(now) });
  if (isTokenError(code, message) || AUTH_CODES.has(code)) return new ConnectorError('auth', text, base);
  if (NOT_FOUND_CODES.has(code)) return new ConnectorError('not_found', text, base);
  // Shopee failed while handling the call: a write may have been applied (read back before sending it again).
  if (TRANSIENT_CODES.has(code) || /try (again )?later/i.test(message) || status >= 500) return new ConnectorError('transient', text, { ...base, ambiguous: true });
  return new ConnectorError('invalid', text, base);
}

/** Shopee states no wait time with `error_rate_limit`; without a Retry-After we back off this long. */
export const DEFAULT_BACKOFF_MS = 2_000;
