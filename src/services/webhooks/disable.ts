import type { Ctx } from '../../context.js';
import type { WebhookEndpointDoc } from '../../db/models/webhook-endpoint.model.js';
import { appendEvents } from '../events.js';

/** Disables an endpoint and tells the seller through the outbox (`webhook.endpoint_disabled`, to its other endpoints). */
export async function disableEndpoint(ctx: Ctx, ep: WebhookEndpointDoc, reason: 'gone' | 'failing'): Promise<void> {
  const now = ctx.now();
  await ctx.models.WebhookEndpoint.updateOne({ _id: ep._id }, { $set: { enabled: false, disabledReason: reason, updatedAt: now } });
  await appendEvents(ctx.models, [{
    _id: `webhook.endpoint_disabled:${ep._id}:${ep.updatedAt.getTime()}`, sellerId: ep.sellerId, type: 'webhook.endpoint_disabled',
    subject: { kind: 'webhook-endpoint', id: ep._id }, data: { reason, url: ep.url },
  }], now);
  ctx.log.warn({ sellerId: ep.sellerId, endpointId: ep._id, reason }, 'webhook endpoint disabled');
}
