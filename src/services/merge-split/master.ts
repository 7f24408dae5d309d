import type { OrderDoc } from '../../db/models/order.model.js';
import { freshOrderState, type OrderLine } from '../../domain/order.js';

/** Adds decimal money strings exactly ("12.50" + "0.5" = "13.00"). */
export function addMoney(values: readonly string[]): string {
  const scale = Math.max(2, ...values.map((v) => (v.split('.')[1] ?? '').length));
  const units = values.reduce((sum, v) => {
    const neg = v.trim().startsWith('-');
    const [i = '0', f = ''] = v.trim().replace(/^[-+]/, '').split('.');
    const n = BigInt(i || '0') * 10n ** BigInt(scale) + BigInt((f + '0'.repeat(scale)).slice(0, scale) || '0');
    return sum + (neg ? -n : n);
  }, 0n);
  const neg = units < 0n;
  const abs = (neg ? -units : units).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
}

/** A master's copy of an original's lines: unique line ids, each naming the original order and line it ships for. */
export function masterLinesOf(o: OrderDoc, lines: readonly OrderLine[] = o.lines): OrderLine[] {
  return lines.map((l) => ({
    ...l,
    lineId: `${o._id}:${l.source?.lineId ?? l.lineId}`,
    source: l.source ?? { orderId: o._id, platformOrderId: o.platformOrderId, shopId: o.shopId, lineId: l.lineId },
  }));
}

/** The master's amounts: the originals' amounts summed. */
export function sumAmounts(orders: readonly Pick<OrderDoc, 'amounts'>[]): OrderDoc['amounts'] {
  const keys = ['subtotal', 'shipping', 'tax', 'discount', 'total'] as const;
  return Object.fromEntries(keys.map((k) => [k, addMoney(orders.map((o) => o.amounts[k]))])) as OrderDoc['amounts'];
}

/**
 * A new master order (合单) for `first` and its partners. It has no platform identity of its own: its
 * `platformOrderId` is internal and every line's `source` names the platform order to write back to.
 * Remarks stay on the originals (customer service read them there).
 */
export function newMasterDoc(masterId: string, first: OrderDoc, sources: readonly OrderDoc[], lines: OrderLine[], now: Date, by: string): OrderDoc {
  const placed = sources.reduce((min, o) => (o.platformCreatedAt < min ? o.platformCreatedAt : min), first.platformCreatedAt);
  return {
    _id: masterId,
    sellerId: first.sellerId,
    shopId: first.shopId,
    platform: first.platform,
    platformOrderId: `merge:${masterId}`,
    platformStatus: 'merged',
    platformState: 'paid',
    platformCreatedAt: placed,
    platformUpdatedAt: now,
    currency: first.currency,
    buyer: first.buyer,
    address: first.address,
    lines,
    amounts: sumAmounts(sources),
    ...freshOrderState(),
    mergeSources: sources.map((o) => o._id),
    timeline: [{ at: now, type: 'merge.created', by, data: { sources: sources.map((o) => o._id) } }],
    createdAt: now,
    updatedAt: now,
  };
}

/** unitPrice × quantity, exactly. */
export function lineAmount(unitPrice: string, quantity: number): string {
  const [i = '0', f = ''] = unitPrice.trim().replace(/^[-+]/, '').split('.');
  const scale = Math.max(2, f.length);
  const units = (BigInt(i || '0') * 10n ** BigInt(scale) + BigInt((f + '0'.repeat(scale)).slice(0, scale) || '0')) * BigInt(quantity);
  const s = units.toString().padStart(scale + 1, '0');
  return `${unitPrice.trim().startsWith('-') && units !== 0n ? '-' : ''}${s.slice(0, -scale)}.${s.slice(-scale)}`;
}
