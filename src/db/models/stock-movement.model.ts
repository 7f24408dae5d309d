import { Schema, type Connection } from 'mongoose';

export const movementTypes = ['adjust', 'reserve', 'release', 'deduct', 'purchase_receipt', 'stocktake', 'transfer_out', 'transfer_in', 'return_in', 'defective_in', 'lot_in'] as const;
export type MovementType = (typeof movementTypes)[number];

/**
 * An immutable ledger entry. Entries of one level are numbered 1, 2, 3 … and `_id` is `${levelId}:${seq}`,
 * so two writers racing for the same next number cannot both insert: the store's unique `_id` is the
 * compare-and-set. `key` (unique too) is the idempotency key: the same movement is recorded at most once.
 */
export interface StockMovementDoc {
  _id: string;
  levelId: string;
  seq: number;
  key: string;
  sellerId: string;
  warehouseId: string;
  skuCode: string;
  type: MovementType;
  onHandDelta: number;
  reservedDelta: number;
  onHandAfter: number;
  reservedAfter: number;
  reason?: string;
  /** `lot`/`expiresAt` (YYYY-MM-DD): the batch a receipt put into stock, for lot tracking and FEFO. */
  reference: { kind: string; id: string; lot?: string; expiresAt?: string };
  at: Date;
}

const schema = new Schema<StockMovementDoc>(
  {
    _id: { type: String, required: true },
    levelId: { type: String, required: true },
    seq: { type: Number, required: true },
    key: { type: String, required: true, unique: true },
    sellerId: { type: String, required: true },
    warehouseId: { type: String, required: true },
    skuCode: { type: String, required: true },
    type: { type: String, enum: movementTypes, required: true },
    onHandDelta: { type: Number, required: true },
    reservedDelta: { type: Number, required: true },
    onHandAfter: { type: Number, required: true },
    reservedAfter: { type: Number, required: true },
    reason: String,
    reference: { kind: { type: String, required: true }, id: { type: String, required: true }, lot: String, expiresAt: String },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ levelId: 1, seq: 1 });
schema.index({ sellerId: 1, skuCode: 1, warehouseId: 1, at: 1 });
schema.index({ sellerId: 1, at: 1 });
schema.index({ 'reference.id': 1 });

export const stockMovementModel = (c: Connection) =>
  c.model<StockMovementDoc>('StockMovement', schema, 'stock_movements');
