import { Schema, type Connection } from 'mongoose';
import type { Suggestion } from '../../domain/inventory-alerts.js';

/**
 * A raised low-stock alert. `_id` is `${ruleId}#${episode}`: the n-th time the rule's stock went below its
 * threshold. Two evaluators racing to raise the same episode insert the same id, so it is raised once.
 */
export interface AlertDoc {
  _id: string;
  sellerId: string;
  ruleId: string;
  episode: number;
  skuCode: string;
  warehouseId: string | null;
  status: 'open' | 'resolved';
  threshold: number;
  availableAtRaise: number;
  suggestion: Suggestion;
  raisedAt: Date;
  resolvedAt?: Date;
  availableAtResolve?: number;
  updatedAt: Date;
}

const schema = new Schema<AlertDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    ruleId: { type: String, required: true },
    episode: { type: Number, required: true },
    skuCode: { type: String, required: true },
    warehouseId: { type: String, default: null },
    status: { type: String, required: true },
    threshold: { type: Number, required: true },
    availableAtRaise: { type: Number, required: true },
    suggestion: { type: Schema.Types.Mixed, required: true },
    raisedAt: { type: Date, required: true },
    resolvedAt: Date,
    availableAtResolve: Number,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.index({ ruleId: 1, episode: -1 });
schema.index({ sellerId: 1, status: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, updatedAt: 1, _id: 1 });

export const alertModel = (c: Connection) => c.model<AlertDoc>('InventoryAlert', schema, 'inventory_alerts');
