import { Schema, type Connection } from 'mongoose';
import { platforms, type Platform } from '../../../connectors/types.js';
import type { StockPolicy } from '../../domain/stock-push-policy.js';

export interface ShopDoc {
  _id: string;
  sellerId: string;
  platform: Platform;
  name: string;
  /** AES-256-GCM ciphertext of the credentials JSON (see src/crypto.ts). */
  credentialsEnc: string;
  apiBaseUrl?: string;
  /** Secret in the webhook URL path, so deliveries can be routed before the signature is checked. */
  webhookToken: string;
  /** Only an active shop is synced and pushed to; paused and deleted shops are left alone (their orders stay). */
  status: 'active' | 'needs_reauth' | 'disabled' | 'paused' | 'deleted';
  pausedAt?: Date;
  deletedAt?: Date;
  statusReason?: string;
  sync: {
    syncedUntil?: Date;
    /** A pull in progress: its window and the connector's cursor within it, so a crash resumes. */
    inProgress?: { since: Date; until: Date; cursor?: string; kind: 'orders' | 'refunds' };
    lastRunAt?: Date;
    lastError?: string;
    lastOrderCount?: number;
    /** Consecutive failed syncs (0 after a success) and when the last one failed: scheduled syncs back off. */
    failures?: number;
    lastFailedAt?: Date;
  };
  /** How this shop's listings are fed from stock (absent: every warehouse, 100 %, no buffer). */
  stockPolicy?: StockPolicy;
  /** Last count reconciliation: the period compared and what each side counted. */
  reconcile?: { since: Date; until: Date; platformCount: number; hubCount: number; at: Date; replayQueued: boolean };
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<ShopDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    platform: { type: String, enum: platforms, required: true },
    name: { type: String, required: true },
    credentialsEnc: { type: String, required: true },
    apiBaseUrl: String,
    webhookToken: { type: String, required: true, unique: true },
    status: { type: String, enum: ['active', 'needs_reauth', 'disabled', 'paused', 'deleted'], default: 'active' },
    pausedAt: Date,
    deletedAt: Date,
    statusReason: String,
    sync: { type: Schema.Types.Mixed, default: () => ({}) },
    stockPolicy: Schema.Types.Mixed,
    reconcile: Schema.Types.Mixed,
  },
  { timestamps: true, versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, createdAt: 1 });
schema.index({ status: 1 });

export const shopModel = (c: Connection) => c.model<ShopDoc>('Shop', schema, 'shops');
