import { createHash } from 'node:crypto';
import type { Platform } from './types.js';

/**
 * How long a platform may deliver the same webhook again (its retry horizon): receipts are kept that long, then
 * swept. Where the platform signs a timestamp, a body older than the replay window is refused, so a delivery
 * whose receipt was swept cannot be replayed.
 * - Shopify: 8 retries over 4 hours (since 2024-09-10); the old secret signs for up to 1 h after a rotation.
 * - WooCommerce: no automatic retries; manual "resend" from the admin: a day covers it.
 * - Shopee: re-pushes and `get_lost_push_message` reach back 3 days; the push body carries a signed `timestamp`.
 */
export const WEBHOOK_POLICY: Partial<Record<Platform, { retryHorizonSeconds: number; replayWindowSeconds?: number }>> = {
  shopify: { retryHorizonSeconds: 5 * 3600 },
  woocommerce: { retryHorizonSeconds: 24 * 3600 },
  shopee: { retryHorizonSeconds: 3 * 86_400, replayWindowSeconds: 3 * 86_400 },
};
export const DEFAULT_RETRY_HORIZON_SECONDS = 24 * 3600;

/** A de-duplication key over exactly what the signature covers: the raw body. */
export const bodyDigest = (platform: string, rawBody: Buffer) => `${platform}:body:${createHash('sha256').update(rawBody).digest('hex')}`;
