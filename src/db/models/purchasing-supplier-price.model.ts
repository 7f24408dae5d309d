import { Schema, type Connection } from 'mongoose';

/** A supplier's quoted price for one SKU; `_id` is `${supplierId}:${skuCode}`, so there is one per pair. */
export interface SupplierPriceDoc {
  _id: string;
  sellerId: string;
  supplierId: string;
  skuCode: string;
  unitPriceMinor: number;
  currency: string;
  minOrderQty: number;
  supplierSku?: string;
  updatedBy: string;
  updatedAt: Date;
}

const schema = new Schema<SupplierPriceDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    supplierId: { type: String, required: true },
    skuCode: { type: String, required: true },
    unitPriceMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    minOrderQty: { type: Number, default: 1 },
    supplierSku: String,
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ sellerId: 1, skuCode: 1 });
schema.index({ sellerId: 1, supplierId: 1, skuCode: 1 });

export const supplierPriceId = (supplierId: string, skuCode: string) => `${supplierId}:${skuCode}`;
export const supplierPriceModel = (c: Connection) => c.model<SupplierPriceDoc>('SupplierPrice', schema, 'supplier_prices');
