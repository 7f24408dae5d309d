import type { OrderLine } from '../order.js';

export interface SkuInfo {
  weight?: number;
  components?: readonly { skuCode: string; quantity: number }[];
}
export type SkuCatalog = ReadonlyMap<string, SkuInfo>;

const maxDepth = 4;

/**
 * Expands combo/bundle SKUs into their component lines. A component line keeps the platform line's id in
 * `parentLineId` and gets its own lineId `<lineId>/<component>`; quantities (ordered and refunded) are
 * multiplied by the component quantity. Nested combos expand up to a few levels. Components that are not in
 * the catalogue are returned in `unknown`.
 */
export function expandCombos(lines: readonly OrderLine[], catalog: SkuCatalog): { lines: OrderLine[]; expanded: boolean; unknown: string[] } {
  const out: OrderLine[] = [];
  const unknown = new Set<string>();
  let expanded = false;
  const walk = (line: OrderLine, parentLineId: string | undefined, depth: number) => {
    const comps = line.skuCode ? catalog.get(line.skuCode)?.components : undefined;
    if (!comps || comps.length === 0 || depth >= maxDepth) {
      out.push(parentLineId ? { ...line, parentLineId } : line);
      return;
    }
    expanded = true;
    for (const c of comps) {
      if (!catalog.has(c.skuCode)) unknown.add(c.skuCode);
      const child: OrderLine = {
        ...line,
        lineId: `${line.lineId}/${c.skuCode}`,
        skuCode: catalog.has(c.skuCode) ? c.skuCode : undefined,
        platformSku: c.skuCode,
        quantity: line.quantity * c.quantity,
        refundedQuantity: line.refundedQuantity * c.quantity,
        unitPrice: '0.00',
      };
      walk(child, parentLineId ?? line.lineId, depth + 1);
    }
  };
  for (const l of lines) walk(l, undefined, 0);
  return { lines: expanded ? out : [...lines], expanded, unknown: [...unknown] };
}

/** Parcel weight in grams of the open (not refunded) quantities; SKUs without a weight count as 0 and are named. */
export function parcelWeight(lines: readonly OrderLine[], catalog: SkuCatalog): { grams: number; unweighed: string[] } {
  let grams = 0;
  const unweighed = new Set<string>();
  for (const l of lines) {
    const qty = l.quantity - l.refundedQuantity;
    if (qty <= 0 || !l.skuCode) continue;
    const w = catalog.get(l.skuCode)?.weight;
    if (w === undefined) unweighed.add(l.skuCode);
    else grams += w * qty;
  }
  return { grams, unweighed: [...unweighed] };
}
