import { Schema, type Connection } from 'mongoose';

/**
 * Incoming platform webhooks already accepted, keyed by shop and a de-duplication key over what the signature
 * covers (see connectors/webhook-policy.ts). Kept until the platform's retry horizon has passed (`expiresAt`),
 * then swept: FerretDB enforces no TTL index, so the maintenance sweep deletes them.
 */
export interface WebhookReceiptDoc {
  _id: string;
  shopId: string;
  topic: string;
  receivedAt: Date;
  expiresAt?: Date;
}

const schema = new Schema<WebhookReceiptDoc>(
  {
    _id: { type: String, required: true },
    shopId: { type: String, required: true },
    topic: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    expiresAt: Date,
  },
  { versionKey: false },
);
schema.index({ shopId: 1, receivedAt: 1 });
schema.index({ expiresAt: 1 });

export const webhookReceiptModel = (c: Connection) =>
  c.model<WebhookReceiptDoc>('WebhookReceipt', schema, 'webhook_receipts');
