import { Schema, type Connection } from 'mongoose';

/**
 * The relay's progress through the events collection: every event with `at` before `at` has been fanned out.
 * Written only by the relay that holds the relay lock; the relay re-reads a look-back window after it, so a
 * crash between fan-out and this write only repeats (idempotent) work.
 */
export interface WebhookRelayDoc {
  _id: string;
  at: Date;
  updatedAt: Date;
}

const schema = new Schema<WebhookRelayDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true }, updatedAt: { type: Date, required: true } },
  { versionKey: false },
);

export const webhookRelayModel = (c: Connection) => c.model<WebhookRelayDoc>('WebhookRelay', schema, 'webhook_relay');
