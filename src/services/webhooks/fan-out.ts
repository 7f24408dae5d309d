import type { Ctx } from '../../context.js';
import type { EventDoc } from '../../db/models/event.model.js';
import type { WebhookEndpointDoc } from '../../db/models/webhook-endpoint.model.js';
import type { WebhookQueueDoc } from '../../db/models/webhook-message.model.js';
import { catalogue, type WebhookPayload } from '../../domain/webhooks/catalogue.js';
import { laneOf, mapEvent } from '../../domain/webhooks/map-event.js';
import { messageId } from '../../domain/webhooks/signing.js';
import { isOnlyDuplicateKeyErrors } from '../../errors.js';

const chunk = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Whether an endpoint wants a catalogue event of this seller and time. */
export function matches(ep: WebhookEndpointDoc, sellerId: string, type: string, at: Date): boolean {
  return ep.enabled && ep.sellerId === sellerId && at >= ep.createdAt && (ep.eventTypes.length === 0 || ep.eventTypes.includes(type));
}

/** The queued deliveries of some events to the endpoints that want them (pure). */
export function messagesFor(events: readonly EventDoc[], endpoints: readonly WebhookEndpointDoc[], now: Date): WebhookQueueDoc[] {
  const out: WebhookQueueDoc[] = [];
  for (const e of events) {
    const mapped = mapEvent(e);
    if (!mapped) continue;
    const targets = endpoints.filter((ep) => matches(ep, e.sellerId, mapped.type, e.at));
    if (targets.length === 0) continue;
    const payload: WebhookPayload = { type: mapped.type, timestamp: e.at.toISOString(), version: catalogue[mapped.type].version, data: mapped.data };
    const body = JSON.stringify(payload);
    for (const ep of targets) {
      out.push({
        _id: messageId(e._id, ep._id), sellerId: e.sellerId, endpointId: ep._id, eventId: e._id, type: mapped.type, lane: laneOf(e),
        at: e.at, pos: e.pos ?? 0, body, createdAt: now, attempts: 0, nextAttemptAt: now,
      });
    }
  }
  return out;
}

/**
 * Queues the deliveries, then records the messages. A queued copy whose message already exists was fanned out
 * before (by a relay that crashed after writing it): it is not queued again, so a restart does not resend what
 * was delivered. `maybeSeen` says whether such a check is needed (events an earlier relay may have handled).
 * Returns the endpoints that got new deliveries.
 */
export async function enqueueMessages(ctx: Ctx, docs: WebhookQueueDoc[], maybeSeen: boolean): Promise<Set<string>> {
  let todo = docs;
  if (maybeSeen && docs.length > 0) {
    const known = new Set<string>();
    for (const part of chunk(docs.map((d) => d._id), 500)) {
      for (const m of await ctx.models.WebhookMessage.find({ _id: { $in: part } }, { _id: 1 }).lean()) known.add(m._id);
    }
    todo = docs.filter((d) => !known.has(d._id));
  }
  for (const part of chunk(todo, 500)) {
    await insertIgnoringDuplicates(() => ctx.models.WebhookQueue.collection.insertMany(part as never[], { ordered: false }));
    const messages = part.map(({ attempts: _a, nextAttemptAt: _n, ...m }) => m);
    await insertIgnoringDuplicates(() => ctx.models.WebhookMessage.collection.insertMany(messages as never[], { ordered: false }));
  }
  return new Set(todo.map((d) => d.endpointId));
}

export async function insertIgnoringDuplicates(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!isOnlyDuplicateKeyErrors(err)) throw err;
  }
}
