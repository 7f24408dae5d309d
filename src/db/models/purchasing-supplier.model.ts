import { Schema, type Connection } from 'mongoose';
import { paymentTermTypes, type PaymentTerms } from '../../domain/purchasing-payables.js';

/** A supplier (供应商) of one seller. Its score is computed from its receipts when read, never stored. */
export interface SupplierDoc {
  _id: string;
  sellerId: string;
  code: string;
  name: string;
  contact: { name?: string; phone?: string; email?: string; address?: string };
  currency: string;
  paymentTerms: PaymentTerms;
  leadTimeDays: number;
  /** Accepted quantity may exceed the ordered one by this fraction (0.05 = 5 %); copied onto each PO. */
  overReceiptTolerance: number;
  active: boolean;
  notes?: string;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<SupplierDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    contact: { name: String, phone: String, email: String, address: String },
    currency: { type: String, required: true },
    paymentTerms: { type: { type: String, enum: paymentTermTypes, required: true }, days: { type: Number, required: true } },
    leadTimeDays: { type: Number, required: true },
    overReceiptTolerance: { type: Number, required: true },
    active: { type: Boolean, default: true },
    notes: String,
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, code: 1 }, { unique: true });
schema.index({ sellerId: 1, updatedAt: 1, _id: 1 });

export const supplierModel = (c: Connection) => c.model<SupplierDoc>('Supplier', schema, 'suppliers');
