import type { Ctx } from '../../context.js';
import type { RuleFingerprintDoc } from '../../db/models/rule-fingerprint.model.js';
import { fingerprintId, type FingerprintSubject } from '../../domain/rules/fingerprint.js';
import { isDuplicateKeyError } from '../../errors.js';

export interface FingerprintOrder extends FingerprintSubject {
  _id: string;
  platformCreatedAt: Date;
}

export type Twin = { orderId: string; at: Date } | null;

const earlier = (a: FingerprintOrder, b: FingerprintOrder) => a.platformCreatedAt.getTime() - b.platformCreatedAt.getTime() || a._id.localeCompare(b._id);

/**
 * For each order, the first order seen with the same buyer and lines (itself when it is the first). One
 * `_id` lookup per distinct fingerprint. With `record`, a fingerprint not seen before is claimed by insert
 * (the unique `_id` decides between racing workers), and one older than `windowMs` is handed to the newer
 * order; without it (dry run) nothing is written.
 */
export async function loadTwins(ctx: Ctx, sellerId: string, orders: readonly FingerprintOrder[], opts: { record: boolean; windowMs: number }): Promise<Map<string, Twin>> {
  const groups = new Map<string, FingerprintOrder[]>();
  const out = new Map<string, Twin>();
  for (const o of orders) {
    const id = fingerprintId(sellerId, o);
    if (!id) out.set(o._id, null);
    else groups.set(id, [...(groups.get(id) ?? []), o]);
  }
  await Promise.all([...groups].map(async ([id, group]) => {
    group.sort(earlier);
    const first = group[0]!;
    let doc = await ctx.models.RuleFingerprint.findById(id).lean<RuleFingerprintDoc>();
    const stale = doc && doc.orderId !== first._id && first.platformCreatedAt.getTime() - new Date(doc.at).getTime() > opts.windowMs;
    if (opts.record && (!doc || stale)) doc = await claim(ctx, { _id: id, sellerId, orderId: first._id, at: first.platformCreatedAt }, stale ? doc : null);
    const owner: Twin = doc && !stale ? { orderId: doc.orderId, at: new Date(doc.at) } : { orderId: first._id, at: first.platformCreatedAt };
    for (const o of group) out.set(o._id, owner);
  }));
  return out;
}

async function claim(ctx: Ctx, doc: RuleFingerprintDoc, replacing: RuleFingerprintDoc | null): Promise<RuleFingerprintDoc> {
  if (replacing) {
    await ctx.models.RuleFingerprint.replaceOne({ _id: doc._id, orderId: replacing.orderId }, doc);
    return doc;
  }
  try {
    await ctx.models.RuleFingerprint.collection.insertOne(doc as never);
    return doc;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return (await ctx.models.RuleFingerprint.findById(doc._id).lean<RuleFingerprintDoc>()) ?? doc;
  }
}
