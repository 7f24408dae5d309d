import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopee Open Platform v2 request signing: lowercase hex HMAC-SHA256 keyed with the partner key over
 * `partner_id + path + timestamp` (public/auth APIs) plus `access_token + shop_id` for Shop APIs.
 * `path` is the URL path only, e.g. `/api/v2/order/get_order_list`.
 */
export function signRequest(partnerKey: string, partnerId: number | string, path: string, timestamp: number, shop?: { accessToken: string; shopId: number | string }): string {
  const base = `${partnerId}${path}${timestamp}${shop ? `${shop.accessToken}${shop.shopId}` : ''}`;
  return createHmac('sha256', partnerKey).update(base).digest('hex');
}

/** The `Authorization` header Shopee puts on a push: hex HMAC-SHA256(partner_key, callbackUrl + "|" + rawBody). */
export function signPush(partnerKey: string, callbackUrl: string, rawBody: Buffer | string): string {
  return createHmac('sha256', partnerKey).update(`${callbackUrl}|`).update(rawBody).digest('hex');
}

/** Constant-time comparison of a hex signature someone sent with the one we expect. */
export function hexSignatureMatches(given: string | undefined, expectedHex: string): boolean {
  if (!given || !/^[0-9a-fA-F]+$/.test(given.trim())) return false;
  const a = Buffer.from(given.trim().toLowerCase(), 'hex');
  const b = Buffer.from(expectedHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
