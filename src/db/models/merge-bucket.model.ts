import { Schema, type Connection } from 'mongoose';

/**
 * 合单 candidates: the open orders of one seller with the same buyer and address (merge fingerprint), so
 * finding merge partners is one lookup by `_id` instead of a scan of the orders. Written only under the
 * bucket's merge lock; entries that left the mergeable states are pruned when the bucket is read.
 */
export interface MergeBucketDoc {
  /** `${sellerId}:${fingerprint}` */
  _id: string;
  sellerId: string;
  orderIds: string[];
  updatedAt: Date;
}

const schema = new Schema<MergeBucketDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    orderIds: { type: [String], default: [] },
  },
  { timestamps: { createdAt: false, updatedAt: true }, versionKey: false },
);

export const mergeBucketId = (sellerId: string, fingerprint: string) => `${sellerId}:${fingerprint}`;
export const mergeBucketModel = (c: Connection) => c.model<MergeBucketDoc>('MergeBucket', schema, 'merge_buckets');
