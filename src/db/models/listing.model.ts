import { Schema, type Connection } from 'mongoose';

/** A shop's listing of one of the seller's SKUs, and what stock the hub last pushed to it. */
export interface ListingDoc {
  _id: string;
  sellerId: string;
  shopId: string;
  skuCode: string;
  platformSku?: string;
  platformProductId?: string;
  platformVariantId?: string;
  lastPushedQty?: number;
  lastPushedAt?: Date;
  /** Whether the hub last put the listing on sale (true) or took it off (false); absent: never changed. */
  lastListed?: boolean;
  /** 'manual' when the seller set skuCode through the API; imports never change it. */
  mappedBy?: 'auto' | 'manual';
  createdAt: Date;
}

const schema = new Schema<ListingDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    shopId: { type: String, required: true },
    skuCode: { type: String, required: true },
    platformSku: String,
    platformProductId: String,
    platformVariantId: String,
    lastPushedQty: Number,
    lastPushedAt: Date,
    lastListed: Boolean,
    mappedBy: String,
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
schema.index({ sellerId: 1, skuCode: 1 });
schema.index({ shopId: 1, skuCode: 1 }, { unique: true });

export const listingId = (shopId: string, skuCode: string) => `${shopId}:${skuCode}`;
export const listingModel = (c: Connection) => c.model<ListingDoc>('Listing', schema, 'listings');
