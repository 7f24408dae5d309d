import { Schema, type Connection } from 'mongoose';

/** Incoming platform webhooks already accepted, keyed by shop and the platform's event id (de-duplication). */
export interface WebhookReceiptDoc {
  _id: string;
  shopId: string;
  topic: string;
  receivedAt: Date;
}

const schema = new Schema<WebhookReceiptDoc>(
  {
    _id: { type: String, required: true },
    shopId: { type: String, required: true },
    topic: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ shopId: 1, receivedAt: 1 });

export const webhookReceiptModel = (c: Connection) =>
  c.model<WebhookReceiptDoc>('WebhookReceipt', schema, 'webhook_receipts');
