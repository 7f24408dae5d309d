import { Schema, type Connection } from 'mongoose';
import { paymentTermTypes, type PaymentTerms } from '../../domain/purchasing-payables.js';
import { poStatuses, type PoStatus } from '../../domain/purchasing-status.js';

export interface PoLine {
  lineId: string;
  skuCode: string;
  spec?: string;
  quantity: number;
  unitPriceMinor: number;
  /** The supplier's quoted price when the PO was raised (for the price-vs-quote score). */
  quotedPriceMinor: number | null;
  expectedDate: Date | null;
  warehouseId: string;
  /** Folded from receipts and returns (recomputed, never incremented). */
  acceptedQty: number;
  rejectedQty: number;
  returnedQty: number;
}

export interface PoHistoryEntry {
  at: Date;
  by: string;
  action: string;
  note?: string;
}

/** A purchase order (采购单). State changes are made under the Redis lock `po:${_id}`. */
export interface PurchaseOrderDoc {
  _id: string;
  sellerId: string;
  supplierId: string;
  currency: string;
  paymentTerms: PaymentTerms;
  overReceiptTolerance: number;
  status: PoStatus;
  lines: PoLine[];
  source: { kind: 'manual' | 'suggestion'; suggestionId?: string; suggestion?: Record<string, unknown> };
  reference?: string;
  notes?: string;
  /** What the creating request looked like, to tell a retry from a different request with the same key. */
  fingerprint: string;
  history: PoHistoryEntry[];
  createdBy: string;
  approvedBy?: string;
  approvedAt?: Date;
  closedAt?: Date;
  cancelledAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const line = new Schema<PoLine>(
  {
    lineId: { type: String, required: true },
    skuCode: { type: String, required: true },
    spec: String,
    quantity: { type: Number, required: true },
    unitPriceMinor: { type: Number, required: true },
    quotedPriceMinor: { type: Number, default: null },
    expectedDate: { type: Date, default: null },
    warehouseId: { type: String, required: true },
    acceptedQty: { type: Number, default: 0 },
    rejectedQty: { type: Number, default: 0 },
    returnedQty: { type: Number, default: 0 },
  },
  { _id: false },
);

const schema = new Schema<PurchaseOrderDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    supplierId: { type: String, required: true },
    currency: { type: String, required: true },
    paymentTerms: { type: { type: String, enum: paymentTermTypes, required: true }, days: { type: Number, required: true } },
    overReceiptTolerance: { type: Number, required: true },
    status: { type: String, enum: poStatuses, required: true },
    lines: { type: [line], required: true },
    source: { type: Schema.Types.Mixed, required: true },
    reference: String,
    notes: String,
    fingerprint: { type: String, required: true },
    history: { type: [{ at: Date, by: String, action: String, note: String, _id: false }], default: [] },
    createdBy: { type: String, required: true },
    approvedBy: String,
    approvedAt: Date,
    closedAt: Date,
    cancelledAt: Date,
  },
  { timestamps: true, versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, status: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, supplierId: 1, updatedAt: 1, _id: 1 });

export const purchaseOrderModel = (c: Connection) => c.model<PurchaseOrderDoc>('PurchaseOrder', schema, 'purchase_orders');
