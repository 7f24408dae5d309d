import { Schema, type Connection } from 'mongoose';

/** The delivery log: one document per attempt (insert-only). */
export interface WebhookAttemptDoc {
  _id: string;
  sellerId: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  /** 1-based attempt number of this message since it was (re)queued. */
  attempt: number;
  outcome: 'delivered' | 'retry' | 'gave-up' | 'endpoint-disabled';
  responseStatus: number | null;
  errorClass: string | null;
  latencyMs: number;
  nextRetryAt: Date | null;
  at: Date;
}

const schema = new Schema<WebhookAttemptDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    endpointId: { type: String, required: true },
    messageId: { type: String, required: true },
    eventType: { type: String, required: true },
    attempt: { type: Number, required: true },
    outcome: { type: String, required: true },
    responseStatus: { type: Number, default: null },
    errorClass: { type: String, default: null },
    latencyMs: { type: Number, required: true },
    nextRetryAt: { type: Date, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ endpointId: 1, at: -1 });

export const webhookAttemptModel = (c: Connection) => c.model<WebhookAttemptDoc>('WebhookAttempt', schema, 'webhook_attempts');
