import { Schema, type Connection } from 'mongoose';

/**
 * Duplicate detection: the latest "first" order seen for one (seller, buyer, lines) fingerprint. `_id` is the
 * fingerprint (src/domain/rules/fingerprint.ts), so a lookup is by `_id` and the first writer wins by insert.
 */
export interface RuleFingerprintDoc {
  _id: string;
  sellerId: string;
  orderId: string;
  /** The order's platform creation time. */
  at: Date;
}

const schema = new Schema<RuleFingerprintDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    orderId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const ruleFingerprintModel = (c: Connection) => c.model<RuleFingerprintDoc>('RuleFingerprint', schema, 'rule_fingerprints');
