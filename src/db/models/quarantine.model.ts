import { Schema, type Connection } from 'mongoose';
import { platforms, type Platform } from '../../../connectors/types.js';

/**
 * A platform record that did not parse, kept raw with the validation error. It shows in the exception queue as
 * UNPARSEABLE_PLATFORM_RECORD and is parsed again once the shop's connector version is newer than the one that
 * refused it; it is resolved when it parses (then or on a later pull).
 */
export interface QuarantineDoc {
  _id: string;
  sellerId: string;
  shopId: string;
  platform: Platform;
  kind: 'order' | 'refund';
  platformRecordId?: string;
  platformOrderId?: string;
  /** The record exactly as read, as JSON text (platform keys may hold characters a document key cannot). */
  rawJson: string;
  error: string;
  /** The connector version (connectors/versions.ts) that last tried to parse it. */
  connectorVersion: number;
  status: 'open' | 'resolved';
  attempts: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt?: Date;
}

const schema = new Schema<QuarantineDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    shopId: { type: String, required: true },
    platform: { type: String, enum: platforms, required: true },
    kind: { type: String, enum: ['order', 'refund'], required: true },
    platformRecordId: String,
    platformOrderId: String,
    rawJson: { type: String, required: true },
    error: { type: String, required: true },
    connectorVersion: { type: Number, required: true },
    status: { type: String, enum: ['open', 'resolved'], required: true },
    attempts: { type: Number, required: true },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    resolvedAt: Date,
  },
  { versionKey: false },
);
schema.index({ sellerId: 1, status: 1, lastSeenAt: 1 });
schema.index({ shopId: 1, status: 1 });

export const quarantineModel = (c: Connection) => c.model<QuarantineDoc>('Quarantine', schema, 'quarantined_records');
