import type { OrderDoc } from '../../db/models/order.model.js';
import { mergeFingerprint, mergeableStatuses, type MergeCandidate } from '../../domain/merge-plan.js';

/** What the merge planner sees of an order. */
export function candidateOf(o: OrderDoc): MergeCandidate {
  return {
    id: o._id,
    shopId: o.shopId,
    platform: o.platform,
    currency: o.currency,
    hubStatus: o.hubStatus,
    placedAt: new Date(o.platformCreatedAt),
    fingerprint: mergeFingerprint(o),
    doNotMerge: o.doNotMerge,
    isMaster: (o.mergeSources?.length ?? 0) > 0,
    splitFrom: o.splitFrom ?? undefined,
    cod: o.flags?.cod,
  };
}

/** Whether a bucket should keep listing the order: it may still merge, under this fingerprint. */
export function staysInBucket(o: OrderDoc, fingerprint: string): boolean {
  return mergeableStatuses.includes(o.hubStatus) && !o.doNotMerge && !o.splitFrom && mergeFingerprint(o) === fingerprint;
}
