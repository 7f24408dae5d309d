import { Schema, type Connection } from 'mongoose';

export interface WarehouseDoc {
  _id: string;
  sellerId: string;
  code: string;
  name: string;
  region?: string;
  /** Lower is preferred. */
  priority: number;
  createdAt: Date;
}

const schema = new Schema<WarehouseDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    region: String,
    priority: { type: Number, default: 100 },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
schema.index({ sellerId: 1, code: 1 }, { unique: true });

export const warehouseModel = (c: Connection) => c.model<WarehouseDoc>('Warehouse', schema, 'warehouses');
