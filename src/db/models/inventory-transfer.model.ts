import { Schema, type Connection } from 'mongoose';
import type { TransferLine, TransferStatus } from '../../domain/inventory-transfer.js';

export interface TransferReceipt {
  receiptId: string;
  lines: { skuCode: string; quantity: number }[];
  by: string;
  at: Date;
}

/** A transfer order (调拨) between two warehouses of a seller. */
export interface TransferDoc {
  _id: string;
  sellerId: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  status: TransferStatus;
  lines: TransferLine[];
  receipts: TransferReceipt[];
  discrepancies: { skuCode: string; quantity: number; reason: string; by: string; at: Date }[];
  note?: string;
  /** Numbers the ship attempts: each attempt's ledger keys are its own, so a refused one can be undone. */
  shipAttempt: number;
  createdBy: string;
  createdAt: Date;
  shippedBy?: string;
  shippedAt?: Date;
  closedBy?: string;
  closedAt?: Date;
  updatedAt: Date;
}

const schema = new Schema<TransferDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    fromWarehouseId: { type: String, required: true },
    toWarehouseId: { type: String, required: true },
    status: { type: String, required: true },
    lines: { type: [Schema.Types.Mixed] as never, default: [] },
    receipts: { type: [Schema.Types.Mixed] as never, default: [] },
    discrepancies: { type: [Schema.Types.Mixed] as never, default: [] },
    note: String,
    shipAttempt: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    shippedBy: String,
    shippedAt: Date,
    closedBy: String,
    closedAt: Date,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, status: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, toWarehouseId: 1, status: 1 });

export const transferModel = (c: Connection) => c.model<TransferDoc>('InventoryTransfer', schema, 'inventory_transfers');
