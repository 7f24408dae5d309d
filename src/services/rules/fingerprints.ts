import type { Ctx } from '../../context.js';
import type { RuleFingerprintDoc } from '../../db/models/rule-fingerprint.model.js';
import { fingerprintId, type FingerprintSubject } from '../../domain/rules/fingerprint.js';
import { isDuplicateKeyError, isOnlyDuplicateKeyErrors } from '../../errors.js';

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
  for (const group of groups.values()) group.sort(earlier);
  // Recording: claim every fingerprint in one unordered insert; only those already there are read (one by one, by `_id`).
  const fresh = opts.record ? await claimMany(ctx, sellerId, groups) : new Set<string>();
  await Promise.all([...groups].map(async ([id, group]) => {
    const first = group[0]!;
    if (fresh.has(id)) {
      for (const o of group) out.set(o._id, { orderId: first._id, at: first.platformCreatedAt });
      return;
    }
    let doc = await ctx.models.RuleFingerprint.findById(id).lean<RuleFingerprintDoc>();
    const stale = doc && doc.orderId !== first._id && first.platformCreatedAt.getTime() - new Date(doc.at).getTime() > opts.windowMs;
    if (opts.record && (!doc || stale)) doc = await claim(ctx, { _id: id, sellerId, orderId: first._id, at: first.platformCreatedAt }, stale ? doc : null);
    const owner: Twin = doc && !stale ? { orderId: doc.orderId, at: new Date(doc.at) } : { orderId: first._id, at: first.platformCreatedAt };
    for (const o of group) out.set(o._id, owner);
  }));
  return out;
}

/** Inserts a claim per fingerprint (unordered); returns the fingerprints this call claimed (the others existed). */
async function claimMany(ctx: Ctx, sellerId: string, groups: ReadonlyMap<string, FingerprintOrder[]>): Promise<Set<string>> {
  const docs = [...groups].map(([id, group]) => ({ _id: id, sellerId, orderId: group[0]!._id, at: group[0]!.platformCreatedAt }));
  const fresh = new Set(docs.map((d) => d._id));
  if (docs.length === 0) return fresh;
  try {
    await ctx.models.RuleFingerprint.collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    if (!isOnlyDuplicateKeyErrors(err)) throw err;
    const raw = (err as { writeErrors?: unknown }).writeErrors;
    const failed = (Array.isArray(raw) ? raw : [raw]) as ({ index?: number } | undefined)[];
    // Without an index per failure nothing is known to be fresh: every fingerprint is read back.
    if (!failed.every((e) => typeof e?.index === 'number')) return new Set();
    for (const e of failed) fresh.delete(docs[e!.index!]!._id);
  }
  return fresh;
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
