import { Schema, type Connection } from 'mongoose';

/**
 * The lot sub-ledger: an immutable entry per change of one lot's quantity in a warehouse. The main stock
 * ledger stays the truth per SKU/warehouse; lot entries say which lots that stock is in. `key` is unique
 * (idempotency) and names the main-ledger movement or pick behind the entry.
 */
export interface LotEntryDoc {
  _id: string;
  key: string;
  sellerId: string;
  warehouseId: string;
  skuCode: string;
  lotNumber: string;
  expiresAt: Date | null;
  delta: number;
  reference: { kind: string; id: string };
  by: string;
  at: Date;
}

const schema = new Schema<LotEntryDoc>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true, unique: true },
    sellerId: { type: String, required: true },
    warehouseId: { type: String, required: true },
    skuCode: { type: String, required: true },
    lotNumber: { type: String, required: true },
    expiresAt: { type: Date, default: null },
    delta: { type: Number, required: true },
    reference: { kind: { type: String, required: true }, id: { type: String, required: true } },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ sellerId: 1, warehouseId: 1, skuCode: 1, at: 1 });
schema.index({ sellerId: 1, skuCode: 1, expiresAt: 1 });

export const lotEntryModel = (c: Connection) => c.model<LotEntryDoc>('InventoryLotEntry', schema, 'inventory_lot_entries');
