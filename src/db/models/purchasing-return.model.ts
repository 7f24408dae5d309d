import { Schema, type Connection } from 'mongoose';

/**
 * A purchase return (采购退货) of QC-rejected goods to the supplier. Rejected goods never entered stock, so a
 * return moves no stock; it records what left and why. `_id` derives from the client's idempotency key.
 */
export interface PurchaseReturnDoc {
  _id: string;
  sellerId: string;
  poId: string;
  supplierId: string;
  lines: { lineId: string; skuCode: string; quantity: number; reason: string }[];
  carrier?: string;
  trackingNumber?: string;
  note?: string;
  fingerprint: string;
  createdBy: string;
  createdAt: Date;
}

const schema = new Schema<PurchaseReturnDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    poId: { type: String, required: true },
    supplierId: { type: String, required: true },
    lines: {
      type: [{ lineId: String, skuCode: String, quantity: Number, reason: String, _id: false }],
      required: true,
    },
    carrier: String,
    trackingNumber: String,
    note: String,
    fingerprint: { type: String, required: true },
    createdBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
schema.index({ sellerId: 1, poId: 1, createdAt: 1 });
schema.index({ sellerId: 1, supplierId: 1, createdAt: 1 });

export const purchaseReturnModel = (c: Connection) => c.model<PurchaseReturnDoc>('PurchaseReturn', schema, 'purchase_returns');
