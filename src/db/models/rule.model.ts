import { Schema, type Connection } from 'mongoose';
import { ruleKinds, type RuleKind } from '../../domain/rules/schemas.js';

/** A seller's pipeline rule (audit, warehouse or courier matching) at its current version. */
export interface RuleDoc {
  _id: string;
  sellerId: string;
  kind: RuleKind;
  name: string;
  version: number;
  enabled: boolean;
  priority: number;
  shopIds: string[];
  params: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

const schema = new Schema<RuleDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    kind: { type: String, enum: ruleKinds, required: true },
    name: { type: String, required: true },
    version: { type: Number, required: true },
    enabled: { type: Boolean, required: true },
    priority: { type: Number, required: true },
    shopIds: { type: [String], default: [] },
    params: { type: Schema.Types.Mixed, default: () => ({}) },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, kind: 1, priority: 1 });

export const ruleModel = (c: Connection) => c.model<RuleDoc>('Rule', schema, 'rules');
