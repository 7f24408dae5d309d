import { Schema, type Connection } from 'mongoose';

export interface CourierDoc {
  _id: string;
  sellerId: string;
  code: string;
  name: string;
  isDefault: boolean;
  createdAt: Date;
}

const schema = new Schema<CourierDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    isDefault: { type: Boolean, default: false },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
schema.index({ sellerId: 1, code: 1 }, { unique: true });

export const courierModel = (c: Connection) => c.model<CourierDoc>('Courier', schema, 'couriers');
