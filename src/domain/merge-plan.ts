import { createHash } from 'node:crypto';
import type { NormalizedAddress } from '../../connectors/types.js';
import type { HubStatus } from './order.js';

/**
 * 合单 planning (pure). Orders of one seller with the same buyer and the same address, not yet released to the
 * warehouse, placed within a window of each other (same shop by default, same platform optionally) become one
 * shipment: a master order whose lines are the union of the originals' lines.
 */

export interface MergeSettings {
  enabled: boolean;
  scope: 'shop' | 'platform';
  windowMinutes: number;
}

/** Statuses an order may merge from: not yet released to the warehouse. */
export const mergeableStatuses: readonly HubStatus[] = ['pending', 'audited', 'allocated'];

/** Customer service may also merge held orders by hand. */
export const manualMergeableStatuses: readonly HubStatus[] = [...mergeableStatuses, 'on_hold'];

export interface MergeCandidate {
  id: string;
  shopId: string;
  platform: string;
  currency: string;
  hubStatus: HubStatus;
  placedAt: Date;
  /** null when the order has no buyer identity or no address: it never merges. */
  fingerprint: string | null;
  doNotMerge?: boolean;
  /** A master order (made by an earlier merge). */
  isMaster: boolean;
  /** Child of a split: never merges back. */
  splitFrom?: string;
  /** Cash on delivery: the courier collects per order, so it never merges. */
  cod?: boolean;
}

export type MergePlan =
  | { kind: 'none'; reason: string }
  /** masterId null: a new master is made. absorb: the orders that become `merged` (the current one included unless it is the master). */
  | { kind: 'merge'; masterId: string | null; absorb: string[] };

const norm = (s: string | undefined) => (s ?? '').normalize('NFKC').toLowerCase().replace(/[\s,.#\-/]+/g, ' ').trim();

/** The buyer's identity on the platform: buyer id first, then phone, e-mail, name. */
export function buyerKey(buyer: { platformBuyerId?: string; name?: string; email?: string; phone?: string }): string | null {
  if (buyer.platformBuyerId) return `id:${buyer.platformBuyerId}`;
  if (buyer.phone) return `ph:${buyer.phone.replace(/\D/g, '')}`;
  if (buyer.email) return `em:${buyer.email.trim().toLowerCase()}`;
  if (buyer.name) return `nm:${norm(buyer.name)}`;
  return null;
}

/** A digest of (buyer, address) after normalisation; equal digests may merge. */
export function mergeFingerprint(o: { buyer: Parameters<typeof buyerKey>[0]; address?: NormalizedAddress }): string | null {
  const buyer = buyerKey(o.buyer);
  const a = o.address;
  if (!buyer || !a || !a.line1 || !a.city || !a.country) return null;
  const address = [a.name, a.phone?.replace(/\D/g, ''), a.line1, a.line2, a.city, a.region, a.postalCode?.replace(/\s/g, ''), a.country].map(norm).join('|');
  return createHash('sha1').update(`${buyer}|${address}`).digest('hex').slice(0, 24);
}

/** Why `other` may not merge with `current`, or null when it may. */
export function mergeBlocker(current: MergeCandidate, other: MergeCandidate, s: MergeSettings, manual = false): string | null {
  if (!(manual ? manualMergeableStatuses : mergeableStatuses).includes(other.hubStatus)) return `${other.hubStatus}: already released or closed`;
  if (!other.fingerprint || other.fingerprint !== current.fingerprint) return 'different buyer or address';
  if (other.currency !== current.currency) return 'different currency';
  if (other.splitFrom) return 'child of a split';
  if (other.cod) return 'cash on delivery';
  if (manual) return null;
  if (other.doNotMerge) return 'do-not-merge flag';
  if (s.scope === 'shop' && other.shopId !== current.shopId) return 'different shop';
  if (other.platform !== current.platform) return 'different platform';
  const gapMin = Math.abs(other.placedAt.getTime() - current.placedAt.getTime()) / 60_000;
  if (gapMin > s.windowMinutes) return `placed ${Math.round(gapMin)} min apart (window ${s.windowMinutes} min)`;
  return null;
}

/** Why the order itself may not merge at all, or null. */
export function selfBlocker(current: MergeCandidate, s: MergeSettings, manual = false): string | null {
  if (!s.enabled && !manual) return 'merging is disabled for this seller';
  if (current.doNotMerge && !manual) return 'do-not-merge flag';
  if (current.splitFrom) return 'child of a split';
  if (current.cod) return 'cash on delivery';
  if (!current.fingerprint) return 'no buyer identity or address';
  return null;
}

const byId = (a: MergeCandidate, b: MergeCandidate) => a.id.localeCompare(b.id);

/**
 * Decides a merge for `current` among the open orders of its bucket. An existing master is joined (the
 * lowest id if several); otherwise a new master is made when there is at least one partner. Masters never
 * absorb other masters.
 */
export function planMerge(current: MergeCandidate, others: readonly MergeCandidate[], s: MergeSettings, manual = false): MergePlan {
  const blocked = selfBlocker(current, s, manual);
  if (blocked) return { kind: 'none', reason: blocked };
  const ok = others.filter((o) => o.id !== current.id && mergeBlocker(current, o, s, manual) === null).sort(byId);
  const masters = ok.filter((o) => o.isMaster);
  const plain = ok.filter((o) => !o.isMaster).map((o) => o.id);
  if (current.isMaster) {
    return plain.length > 0 ? { kind: 'merge', masterId: current.id, absorb: plain } : { kind: 'none', reason: 'nothing new to absorb' };
  }
  const master = masters[0];
  if (master) return { kind: 'merge', masterId: master.id, absorb: [current.id, ...plain] };
  if (plain.length === 0) return { kind: 'none', reason: 'no other open order of this buyer and address' };
  return { kind: 'merge', masterId: null, absorb: [current.id, ...plain] };
}
