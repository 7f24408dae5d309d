import { Schema, type Connection } from 'mongoose';

/**
 * The current state of one (seller, warehouse, sku): a cache of the newest ledger entry of that level
 * (see StockMovement). The ledger is the truth; this document may lag it after a crash and is brought
 * up to date by the next movement or by the sweeper. available = onHand − reserved.
 */
export interface StockLevelDoc {
  _id: string;
  sellerId: string;
  warehouseId: string;
  skuCode: string;
  /** Sequence number of the newest ledger entry folded into this document. */
  seq: number;
  onHand: number;
  reserved: number;
  available: number;
  updatedAt: Date;
}

const schema = new Schema<StockLevelDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    warehouseId: { type: String, required: true },
    skuCode: { type: String, required: true },
    seq: { type: Number, default: 0 },
    onHand: { type: Number, default: 0 },
    reserved: { type: Number, default: 0 },
    available: { type: Number, default: 0 },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
schema.index({ sellerId: 1, skuCode: 1, warehouseId: 1 });
schema.index({ sellerId: 1, warehouseId: 1, skuCode: 1 });

export const stockLevelId = (sellerId: string, warehouseId: string, skuCode: string) =>
  `${sellerId}:${warehouseId}:${skuCode}`;

export const stockLevelModel = (c: Connection) => c.model<StockLevelDoc>('StockLevel', schema, 'stock_levels');
