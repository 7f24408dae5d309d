import { Schema, type Connection } from 'mongoose';
import type { StocktakeStatus } from '../../domain/inventory-stocktake.js';

export interface StocktakeLine {
  skuCode: string;
  /** The ledger balance and sequence number when the count opened: the count is compared to this. */
  snapshotOnHand: number;
  snapshotSeq: number;
}

/** A stocktake (盘点) of one warehouse, all or some SKUs. Counts are separate documents (one per scan). */
export interface StocktakeDoc {
  _id: string;
  sellerId: string;
  warehouseId: string;
  warehouseCode: string;
  scope: 'all' | 'listed';
  status: StocktakeStatus;
  note?: string;
  lines: StocktakeLine[];
  adjustments: { skuCode: string; delta: number; movementId: string }[];
  /** Set at approval: uncounted SKUs are posted as counted zero. */
  uncountedAsZero?: boolean;
  createdBy: string;
  createdAt: Date;
  approvedBy?: string;
  approvedAt?: Date;
  cancelledBy?: string;
  cancelledAt?: Date;
  updatedAt: Date;
}

const schema = new Schema<StocktakeDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    warehouseId: { type: String, required: true },
    warehouseCode: { type: String, required: true },
    scope: { type: String, required: true },
    status: { type: String, required: true },
    note: String,
    lines: { type: [Schema.Types.Mixed] as never, default: [] },
    adjustments: { type: [Schema.Types.Mixed] as never, default: [] },
    uncountedAsZero: Boolean,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    approvedBy: String,
    approvedAt: Date,
    cancelledBy: String,
    cancelledAt: Date,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, status: 1, updatedAt: 1, _id: 1 });

export const stocktakeModel = (c: Connection) => c.model<StocktakeDoc>('InventoryStocktake', schema, 'inventory_stocktakes');
