import type { NormalizedAddress, NormalizedOrder } from '../../connectors/types.js';
import type { OrderLine } from './order.js';

/** Resolves a platform line to an internal SKU code: explicit listing mapping first, then the SKU code itself. */
export type SkuResolver = (line: { platformSku?: string; platformVariantId?: string; platformProductId?: string }) => string | undefined;

export function makeSkuResolver(knownSkuCodes: ReadonlySet<string>, listingMap: ReadonlyMap<string, string>): SkuResolver {
  return (line) => {
    for (const k of [line.platformVariantId && `v:${line.platformVariantId}`, line.platformSku && `s:${line.platformSku}`]) {
      if (k && listingMap.has(k)) return listingMap.get(k);
    }
    return line.platformSku && knownSkuCodes.has(line.platformSku) ? line.platformSku : undefined;
  };
}

/**
 * Longest text kept from a platform's order, by field. Free text from a storefront is buyer input: capping it
 * at ingestion bounds what every rule, search and view later works on (e.g. a postal-code pattern never sees
 * more than 32 characters). Identifiers (order, line, SKU ids) are not cut: a cut id could merge two.
 */
export const fieldCaps = { postalCode: 32, name: 200, phone: 64, email: 320, line: 300, place: 200, country: 8, remark: 2000, title: 500, status: 100, flag: 100, flags: 50 } as const;

const cap = <T extends string | undefined>(v: T, n: number): T => (typeof v === 'string' && v.length > n ? v.slice(0, n) as T : v);

function cappedAddress(a: NormalizedAddress | undefined): NormalizedAddress | undefined {
  if (!a) return a;
  const c = fieldCaps;
  return {
    ...a,
    name: cap(a.name, c.name), phone: cap(a.phone, c.phone), line1: cap(a.line1, c.line), line2: cap(a.line2, c.line),
    city: cap(a.city, c.place), region: cap(a.region, c.place), postalCode: cap(a.postalCode, c.postalCode), country: cap(a.country, c.country),
  };
}

/** The platform-owned part of an order document: what an import may overwrite. */
export function platformFields(o: NormalizedOrder, resolve: SkuResolver, previousLines: readonly OrderLine[] = []) {
  const refunded = new Map(previousLines.map((l) => [l.lineId, l.refundedQuantity]));
  const lines: OrderLine[] = o.lines.map((l) => ({
    lineId: l.lineId,
    platformSku: l.platformSku,
    platformProductId: l.platformProductId,
    platformVariantId: l.platformVariantId,
    skuCode: resolve(l),
    title: cap(l.title, fieldCaps.title),
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    refundedQuantity: refunded.get(l.lineId) ?? 0,
  }));
  return {
    platformStatus: cap(o.platformStatus, fieldCaps.status),
    platformState: o.state,
    platformCreatedAt: o.platformCreatedAt,
    platformUpdatedAt: o.platformUpdatedAt,
    currency: o.currency,
    buyer: { ...o.buyer, name: cap(o.buyer.name, fieldCaps.name), email: cap(o.buyer.email, fieldCaps.email), phone: cap(o.buyer.phone, fieldCaps.phone), platformBuyerId: cap(o.buyer.platformBuyerId, fieldCaps.name) },
    address: cappedAddress(o.address),
    lines,
    amounts: o.amounts,
    remarks: o.remarks && { ...o.remarks, buyer: cap(o.remarks.buyer, fieldCaps.remark), seller: cap(o.remarks.seller, fieldCaps.remark) },
    flags: o.flags?.risk ? { ...o.flags, risk: o.flags.risk.slice(0, fieldCaps.flags).map((f) => cap(f, fieldCaps.flag)) } : o.flags,
  };
}
