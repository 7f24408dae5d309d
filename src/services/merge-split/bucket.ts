import type { Ctx } from '../../context.js';
import { mergeBucketId } from '../../db/models/merge-bucket.model.js';
import type { OrderDoc } from '../../db/models/order.model.js';

/** The lock every write of one merge bucket (and every merge within it) is made under. */
export const mergeLockKey = (sellerId: string, fingerprint: string) => `merge:${mergeBucketId(sellerId, fingerprint)}`;

/** Order ids listed in a bucket. */
export async function readBucket(ctx: Ctx, sellerId: string, fingerprint: string): Promise<string[]> {
  return (await ctx.models.MergeBucket.findById(mergeBucketId(sellerId, fingerprint), { orderIds: 1 }).lean())?.orderIds ?? [];
}

/** Rewrites a bucket's list (caller holds the merge lock); an empty bucket is deleted. */
export async function writeBucket(ctx: Ctx, sellerId: string, fingerprint: string, before: readonly string[], after: readonly string[]): Promise<void> {
  const same = before.length === after.length && before.every((id, i) => after[i] === id);
  if (same) return;
  const _id = mergeBucketId(sellerId, fingerprint);
  if (after.length === 0) await ctx.models.MergeBucket.deleteOne({ _id });
  else await ctx.models.MergeBucket.updateOne({ _id }, { $set: { sellerId, orderIds: [...after] } }, { upsert: true });
}

/** Loads the listed orders one by one (by `_id`: the only lookup the store indexes); missing ones are left out. */
export async function loadOrders(ctx: Ctx, ids: readonly string[]): Promise<OrderDoc[]> {
  const docs = await Promise.all(ids.map((id) => ctx.models.Order.findById(id).lean<OrderDoc>()));
  return docs.filter((d): d is OrderDoc => d !== null);
}
