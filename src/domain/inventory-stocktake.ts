/**
 * Stocktake (盘点) decisions. The system quantity is snapshotted (with the ledger seq) when the count opens;
 * movements after that seq happened while counters were counting and are not part of what they saw on the
 * shelf, so the adjustment is `counted − snapshot` and the movements since are left untouched:
 *   target onHand = counted + (onHand now − snapshot onHand)   ⇔   delta = counted − snapshot.
 */
export type StocktakeStatus = 'open' | 'approved' | 'cancelled';

export interface CountEntry {
  skuCode: string;
  counter: string;
  quantity: number;
}

export interface StocktakeLineState {
  skuCode: string;
  snapshotOnHand: number;
  snapshotSeq: number;
}

export interface VarianceLine {
  skuCode: string;
  snapshotOnHand: number;
  counted: number | null;
  variance: number | null;
  counters: string[];
}

/** Sums every counter's entries per SKU (several counters may count different shelves of one SKU). */
export function countedBySku(entries: readonly CountEntry[]): Map<string, { counted: number; counters: Set<string> }> {
  const out = new Map<string, { counted: number; counters: Set<string> }>();
  for (const e of entries) {
    const cur = out.get(e.skuCode) ?? { counted: 0, counters: new Set<string>() };
    cur.counted += e.quantity;
    cur.counters.add(e.counter);
    out.set(e.skuCode, cur);
  }
  return out;
}

export function varianceLines(lines: readonly StocktakeLineState[], entries: readonly CountEntry[]): VarianceLine[] {
  const counted = countedBySku(entries);
  return lines.map((l) => {
    const c = counted.get(l.skuCode);
    return {
      skuCode: l.skuCode,
      snapshotOnHand: l.snapshotOnHand,
      counted: c ? c.counted : null,
      variance: c ? c.counted - l.snapshotOnHand : null,
      counters: c ? [...c.counters].sort() : [],
    };
  });
}

/**
 * The adjustment to post for one line: the variance against the snapshot. Movements since the snapshot are
 * already in the ledger and stay there (no double counting). Uncounted lines are treated as zero only when
 * `uncountedAsZero` (a full count); otherwise they are left alone.
 */
export function stocktakeAdjustment(line: VarianceLine, uncountedAsZero: boolean): number {
  if (line.counted === null) return uncountedAsZero ? -line.snapshotOnHand : 0;
  return line.counted - line.snapshotOnHand;
}

export function canTransitionStocktake(from: StocktakeStatus, to: StocktakeStatus): boolean {
  return from === 'open' && (to === 'approved' || to === 'cancelled');
}
