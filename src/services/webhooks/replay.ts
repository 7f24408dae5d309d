import type { Ctx } from '../../context.js';
import type { WebhookEndpointDoc } from '../../db/models/webhook-endpoint.model.js';
import type { WebhookMessageDoc, WebhookQueueDoc } from '../../db/models/webhook-message.model.js';
import { catalogue, type WebhookPayload } from '../../domain/webhooks/catalogue.js';
import { messageId } from '../../domain/webhooks/signing.js';
import { notFound } from '../../errors.js';
import { enqueueMessages, insertIgnoringDuplicates } from './fan-out.js';
import { wakeEndpoint } from './wake.js';

/**
 * Queues messages of the endpoint again (one, or every one since a time), with their original `webhook-id` and
 * body. A message still queued is left as it is.
 */
export async function replayMessages(ctx: Ctx, ep: WebhookEndpointDoc, what: { messageId: string } | { since: Date }): Promise<{ queued: number }> {
  const filter = 'messageId' in what ? { _id: what.messageId, endpointId: ep._id, sellerId: ep.sellerId } : { endpointId: ep._id, sellerId: ep.sellerId, at: { $gte: what.since } };
  const messages = await ctx.models.WebhookMessage.find(filter).lean<WebhookMessageDoc[]>();
  if ('messageId' in what && messages.length === 0) throw notFound('webhook message', what.messageId);
  const now = ctx.now();
  const docs: WebhookQueueDoc[] = messages.map((m) => ({ ...m, attempts: 0, nextAttemptAt: now }));
  for (let i = 0; i < docs.length; i += 500) {
    await insertIgnoringDuplicates(() => ctx.models.WebhookQueue.collection.insertMany(docs.slice(i, i + 500) as never[], { ordered: false }));
  }
  if (docs.length > 0) await wakeEndpoint(ctx, ep._id);
  return { queued: docs.length };
}

/** Sends a `webhook.test` event to one endpoint (through its queue, like any other message). */
export async function sendTest(ctx: Ctx, ep: WebhookEndpointDoc): Promise<{ messageId: string }> {
  const now = ctx.now();
  const eventId = `webhook.test:${ep._id}:${now.getTime()}`;
  const payload: WebhookPayload = { type: 'webhook.test', timestamp: now.toISOString(), version: catalogue['webhook.test'].version, data: { endpointId: ep._id } };
  const id = messageId(eventId, ep._id);
  await enqueueMessages(ctx, [{
    _id: id, sellerId: ep.sellerId, endpointId: ep._id, eventId, type: 'webhook.test', lane: `webhook-endpoint:${ep._id}`,
    at: now, pos: 0, body: JSON.stringify(payload), createdAt: now, attempts: 0, nextAttemptAt: now,
  }], false);
  await wakeEndpoint(ctx, ep._id);
  return { messageId: id };
}

/** The delivery log of an endpoint, newest first. */
export async function listAttempts(ctx: Ctx, ep: WebhookEndpointDoc, q: { limit: number; messageId?: string; before?: Date }) {
  const filter: Record<string, unknown> = { endpointId: ep._id, sellerId: ep.sellerId };
  if (q.messageId) filter.messageId = q.messageId;
  if (q.before) filter.at = { $lt: q.before };
  const rows = await ctx.models.WebhookAttempt.find(filter).sort({ at: -1, _id: -1 }).limit(q.limit).lean();
  return rows.map((a) => ({
    id: a._id, messageId: a.messageId, eventType: a.eventType, attempt: a.attempt, outcome: a.outcome, responseStatus: a.responseStatus,
    errorClass: a.errorClass, latencyMs: a.latencyMs, nextRetryAt: a.nextRetryAt, at: a.at,
  }));
}
