import type { NormalizedOrder } from '../../connectors/types.js';
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

/** The platform-owned part of an order document: what an import may overwrite. */
export function platformFields(o: NormalizedOrder, resolve: SkuResolver, previousLines: readonly OrderLine[] = []) {
  const refunded = new Map(previousLines.map((l) => [l.lineId, l.refundedQuantity]));
  const lines: OrderLine[] = o.lines.map((l) => ({
    lineId: l.lineId,
    platformSku: l.platformSku,
    platformProductId: l.platformProductId,
    platformVariantId: l.platformVariantId,
    skuCode: resolve(l),
    title: l.title,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    refundedQuantity: refunded.get(l.lineId) ?? 0,
  }));
  return {
    platformStatus: o.platformStatus,
    platformState: o.state,
    platformCreatedAt: o.platformCreatedAt,
    platformUpdatedAt: o.platformUpdatedAt,
    currency: o.currency,
    buyer: o.buyer,
    address: o.address,
    lines,
    amounts: o.amounts,
    remarks: o.remarks,
    flags: o.flags,
  };
}
