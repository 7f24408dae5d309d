import { Schema, type Connection } from 'mongoose';

export interface ReceiptLine {
  lineId: string;
  skuCode: string;
  warehouseId: string;
  receivedQty: number;
  acceptedQty: number;
  rejectedQty: number;
  rejectReason?: string;
  /** Batch/lot and expiry (YYYY-MM-DD) for SKUs that need them; copied onto the ledger entry's reference. */
  lot?: string;
  expiresAt?: string;
  unitPriceMinor: number;
  quotedPriceMinor: number | null;
  expectedDate: Date | null;
  /** The stock ledger entry of the accepted quantity (absent when nothing was accepted). */
  movementId?: string;
}

/**
 * A receipt (采购入库单): one delivery against a PO. `_id` derives from the client's idempotency key, so a
 * retried request finds it; `posting` means its ledger entries may not all be applied yet (a retry finishes it).
 */
export interface PurchaseReceiptDoc {
  _id: string;
  sellerId: string;
  poId: string;
  supplierId: string;
  state: 'posting' | 'posted';
  lines: ReceiptLine[];
  deliveryNote?: string;
  fingerprint: string;
  receivedAt: Date;
  receivedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const line = new Schema<ReceiptLine>(
  {
    lineId: { type: String, required: true },
    skuCode: { type: String, required: true },
    warehouseId: { type: String, required: true },
    receivedQty: { type: Number, required: true },
    acceptedQty: { type: Number, required: true },
    rejectedQty: { type: Number, required: true },
    rejectReason: String,
    lot: String,
    expiresAt: String,
    unitPriceMinor: { type: Number, required: true },
    quotedPriceMinor: { type: Number, default: null },
    expectedDate: { type: Date, default: null },
    movementId: String,
  },
  { _id: false },
);

const schema = new Schema<PurchaseReceiptDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    poId: { type: String, required: true },
    supplierId: { type: String, required: true },
    state: { type: String, enum: ['posting', 'posted'], required: true },
    lines: { type: [line], required: true },
    deliveryNote: String,
    fingerprint: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    receivedBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
schema.index({ sellerId: 1, poId: 1, receivedAt: 1 });
schema.index({ sellerId: 1, supplierId: 1, receivedAt: 1 });

export const purchaseReceiptModel = (c: Connection) => c.model<PurchaseReceiptDoc>('PurchaseReceipt', schema, 'purchase_receipts');
