import { Schema, type Connection } from 'mongoose';
import type { RuleKind } from '../../domain/rules/schemas.js';

/**
 * Every version of a rule, insert-only: `_id` is `<ruleId>:v<version>`, so two concurrent edits of the same
 * version cannot both win (the unique `_id` is the only safe primitive on the store).
 */
export interface RuleVersionDoc {
  _id: string;
  ruleId: string;
  sellerId: string;
  version: number;
  kind: RuleKind;
  name: string;
  enabled: boolean;
  priority: number;
  shopIds: string[];
  params: Record<string, unknown>;
  change: 'created' | 'updated' | 'enabled' | 'disabled';
  at: Date;
  by: string;
}

const schema = new Schema<RuleVersionDoc>(
  {
    _id: { type: String, required: true },
    ruleId: { type: String, required: true },
    sellerId: { type: String, required: true },
    version: { type: Number, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    enabled: { type: Boolean, required: true },
    priority: { type: Number, required: true },
    shopIds: { type: [String], default: [] },
    params: { type: Schema.Types.Mixed, default: () => ({}) },
    change: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);

export const ruleVersionId = (ruleId: string, version: number) => `${ruleId}:v${version}`;
export const ruleVersionModel = (c: Connection) => c.model<RuleVersionDoc>('RuleVersion', schema, 'rule_versions');
