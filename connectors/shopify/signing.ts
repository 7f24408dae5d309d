import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(key = the app's client secret, msg = the raw body bytes)): Shopify's webhook signature. */
export function shopifyWebhookHmac(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Timing-safe check of an `X-Shopify-Hmac-Sha256` header against the raw body, before anything is parsed.
 * Several secrets may be given: after a secret rotation the old one keeps signing for up to an hour.
 */
export function verifyShopifyWebhook(secrets: readonly string[], rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const given = Buffer.from(header, 'base64');
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
