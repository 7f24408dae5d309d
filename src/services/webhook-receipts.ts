import { createHash } from 'node:crypto';
import { DEFAULT_RETRY_HORIZON_SECONDS, WEBHOOK_POLICY } from '../../connectors/webhook-policy.js';
import type { Platform, WebhookEvent } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { AppError, isDuplicateKeyError } from '../errors.js';

/** A body whose signed timestamp is older than the platform's replay window is refused (its receipt may be swept). */
export function assertFresh(platform: Platform, event: WebhookEvent, now: Date): void {
  const window = WEBHOOK_POLICY[platform]?.replayWindowSeconds;
  if (!window || !event.signedAt) return;
  if (now.getTime() - event.signedAt.getTime() > window * 1000) {
    throw new AppError('WEBHOOK_TOO_OLD', `webhook signed at ${event.signedAt.toISOString()} is older than ${platform}'s replay window`);
  }
}

/** Records the receipt; false when the same signed content was accepted before (a redelivery or a replay). */
export async function recordReceipt(ctx: Ctx, shop: ShopDoc, event: WebhookEvent): Promise<boolean> {
  const now = ctx.now();
  const horizon = WEBHOOK_POLICY[shop.platform]?.retryHorizonSeconds ?? DEFAULT_RETRY_HORIZON_SECONDS;
  try {
    await ctx.models.WebhookReceipt.create({ _id: receiptId(shop._id, event.eventId), shopId: shop._id, topic: event.topic, receivedAt: now, expiresAt: new Date(now.getTime() + horizon * 1000) });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

export const receiptId = (shopId: string, eventId: string) => `${shopId}:${eventId.length > 120 ? createHash('sha256').update(eventId).digest('hex') : eventId}`;

/** Deletes receipts past their platform's retry horizon (no TTL index on FerretDB). */
export async function sweepWebhookReceipts(ctx: Ctx): Promise<number> {
  const r = await ctx.models.WebhookReceipt.deleteMany({ expiresAt: { $lt: ctx.now() } });
  return r.deletedCount;
}
