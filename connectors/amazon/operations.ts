/**
 * SP-API usage plans (token bucket per selling partner and operation), default rate req/s and burst from the
 * API models. The throttle key is `amazon:<shopId>:<operation>`; a 429 pauses exactly that key.
 */
export const amazonOperations = {
  getOrders: { ratePerSec: 0.0167, burst: 20 },
  getOrderItems: { ratePerSec: 0.5, burst: 30 },
  confirmShipment: { ratePerSec: 2, burst: 10 },
  listFinancialEvents: { ratePerSec: 0.5, burst: 30 },
  patchListingsItem: { ratePerSec: 5, burst: 5 },
  createFeedDocument: { ratePerSec: 0.5, burst: 15 },
  createFeed: { ratePerSec: 0.0083, burst: 15 },
  createRestrictedDataToken: { ratePerSec: 1, burst: 10 },
  lwaToken: { ratePerSec: 1, burst: 5 },
} as const;

export type AmazonOperation = keyof typeof amazonOperations;

export const throttleKey = (shopId: string, op: AmazonOperation): string => `amazon:${shopId}:${op}`;

/**
 * SP-API documents no Retry-After on 429; the time to regain one token is 1/rate, where the rate is the one the
 * response reports in x-amzn-RateLimit-Limit (when present) or the operation's default.
 */
export function backoffAfterQuotaMs(op: AmazonOperation, rateHeader: unknown): number {
  const reported = typeof rateHeader === 'string' ? Number(rateHeader) : NaN;
  const rate = Number.isFinite(reported) && reported > 0 ? reported : amazonOperations[op].ratePerSec;
  return Math.ceil(1000 / rate);
}
