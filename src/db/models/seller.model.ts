import { Schema, type Connection } from 'mongoose';

export interface SellerDoc {
  _id: string;
  name: string;
  /** sha256 of the API key; the key itself is shown once at creation and never stored. */
  apiKeyHash: string;
  apiKeyPrefix: string;
  /** Set once the seller's keys live in the api_keys collection: apiKeyHash then no longer authenticates. */
  apiKeysMigratedAt?: Date;
  createdAt: Date;
}

const schema = new Schema<SellerDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    apiKeyHash: { type: String, required: true, unique: true },
    apiKeyPrefix: { type: String, required: true },
    apiKeysMigratedAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const sellerModel = (c: Connection) => c.model<SellerDoc>('Seller', schema, 'sellers');
