import { Schema, type Connection } from 'mongoose';

export interface SkuDoc {
  _id: string;
  sellerId: string;
  code: string;
  name: string;
  /** grams */
  weight?: number;
  /** A combo/bundle SKU ships as these components (quantities per one combo). */
  components?: { skuCode: string; quantity: number }[];
  createdAt: Date;
}

const schema = new Schema<SkuDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    weight: Number,
    components: { type: [{ _id: false, skuCode: String, quantity: Number }], default: undefined },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
schema.index({ sellerId: 1, code: 1 }, { unique: true });

export const skuModel = (c: Connection) => c.model<SkuDoc>('Sku', schema, 'skus');
