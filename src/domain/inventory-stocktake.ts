/**
 * Stocktake (盘点) decisions. The system quantity is snapshotted (with the ledger seq) when the count opens;
 * movements after that seq happened while counters were counting and are not part of what they saw on the
 * shelf, so the adjustment is `counted − snapshot` and the movements since are left untouched:
 *   target onHand = counted + (onHand now − snapshot onHand)   ⇔   delta = counted − snapshot.
 */
export type StocktakeStatus = 'open' | 'approving' | 'approved' | 'cancelled';

/**
 * One recorded count: a scan adds to the counter's tally of the SKU, a "set" replaces it (a recount of the
 * shelf). Several counters may count the same SKU on different shelves: their tallies add up.
 */
export interface CountEntry {
  skuCode: string;
  counter: string;
  mode: 'add' | 'set';
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

/** Folds the entries (in recording order) into one tally per counter, then sums the counters per SKU. */
export function countedBySku(entries: readonly CountEntry[]): Map<string, { counted: number; counters: Set<string> }> {
  const tally = new Map<string, number>();
  for (const e of entries) {
    const k = `${e.skuCode}\u0000${e.counter}`;
    tally.set(k, e.mode === 'set' ? e.quantity : (tally.get(k) ?? 0) + e.quantity);
  }
  const out = new Map<string, { counted: number; counters: Set<string> }>();
  for (const [k, qty] of tally) {
    const [skuCode = '', counter = ''] = k.split('\u0000');
    const cur = out.get(skuCode) ?? { counted: 0, counters: new Set<string>() };
    cur.counted += qty;
    cur.counters.add(counter);
    out.set(skuCode, cur);
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
  if (from === 'open') return to === 'approving' || to === 'cancelled';
  return from === 'approving' && to === 'approved';
}
