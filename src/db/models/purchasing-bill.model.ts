import { Schema, type Connection } from 'mongoose';

/**
 * A supplier invoice received or a payment made (采购付款) against one PO. An invoice's `_id` derives from its
 * supplier and number (entered once); a payment's from the client's idempotency key.
 */
export interface SupplierBillDoc {
  _id: string;
  sellerId: string;
  supplierId: string;
  poId: string;
  kind: 'invoice' | 'payment';
  /** Invoice number, or the payment's bank/transfer reference. */
  number?: string;
  amountMinor: number;
  currency: string;
  /** Invoice date or payment date. */
  date: Date;
  method?: string;
  note?: string;
  fingerprint: string;
  createdBy: string;
  createdAt: Date;
}

const schema = new Schema<SupplierBillDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    supplierId: { type: String, required: true },
    poId: { type: String, required: true },
    kind: { type: String, enum: ['invoice', 'payment'], required: true },
    number: String,
    amountMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    date: { type: Date, required: true },
    method: String,
    note: String,
    fingerprint: { type: String, required: true },
    createdBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
schema.index({ sellerId: 1, poId: 1, kind: 1, date: 1 });
schema.index({ sellerId: 1, supplierId: 1, kind: 1, date: 1 });

export const supplierBillModel = (c: Connection) => c.model<SupplierBillDoc>('SupplierBill', schema, 'supplier_bills');
