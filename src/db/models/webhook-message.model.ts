import { Schema, type Connection } from 'mongoose';

/**
 * One event for one endpoint, written once when the relay fans an event out (insert-only). `_id` is the
 * `webhook-id`, derived from (event, endpoint), so a relay that re-reads an event after a crash inserts nothing new.
 * The same document shape is the delivery queue (collection `webhook_queue`, plus attempts/nextAttemptAt):
 * a queued copy is deleted when delivered or given up, the message stays for the log and replays.
 */
export interface WebhookMessageDoc {
  _id: string;
  sellerId: string;
  endpointId: string;
  eventId: string;
  type: string;
  /** Ordering lane: deliveries of one lane reach the endpoint in order. */
  lane: string;
  /** The event's time and position within its write: the lane order. */
  at: Date;
  pos: number;
  /** The JSON payload, rendered once so every attempt and replay sends the same body. */
  body: string;
  createdAt: Date;
}

export interface WebhookQueueDoc extends WebhookMessageDoc {
  attempts: number;
  nextAttemptAt: Date;
}

const fields = {
  _id: { type: String, required: true },
  sellerId: { type: String, required: true },
  endpointId: { type: String, required: true },
  eventId: { type: String, required: true },
  type: { type: String, required: true },
  lane: { type: String, required: true },
  at: { type: Date, required: true },
  pos: { type: Number, default: 0 },
  body: { type: String, required: true },
  createdAt: { type: Date, required: true },
};

const messageSchema = new Schema<WebhookMessageDoc>(fields, { versionKey: false });
messageSchema.index({ endpointId: 1, at: 1 });

const queueSchema = new Schema<WebhookQueueDoc>(
  { ...fields, attempts: { type: Number, default: 0 }, nextAttemptAt: { type: Date, required: true } },
  { versionKey: false },
);
queueSchema.index({ endpointId: 1, at: 1, pos: 1 });

export const webhookMessageModel = (c: Connection) => c.model<WebhookMessageDoc>('WebhookMessage', messageSchema, 'webhook_messages');
export const webhookQueueModel = (c: Connection) => c.model<WebhookQueueDoc>('WebhookQueue', queueSchema, 'webhook_queue');
