/** Lots (batches) with expiry: balances per lot are a sub-ledger; picking follows FEFO (first expiry, first out). */
export interface LotBalance {
  lotNumber: string;
  expiresAt: Date | null;
  quantity: number;
}

export interface PickLine {
  lotNumber: string;
  expiresAt: Date | null;
  quantity: number;
}

/** Lots that can be picked, in FEFO order: expired lots excluded, no-expiry lots last, then by lot number. */
export function fefoOrder(lots: readonly LotBalance[], now: Date): LotBalance[] {
  return lots
    .filter((l) => l.quantity > 0 && (l.expiresAt === null || l.expiresAt.getTime() > now.getTime()))
    .sort((a, b) => {
      const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      return ea - eb || a.lotNumber.localeCompare(b.lotNumber);
    });
}

/** Takes `quantity` from the lots in FEFO order; `short` is what no unexpired lot can give. */
export function pickFefo(lots: readonly LotBalance[], quantity: number, now: Date): { picks: PickLine[]; short: number } {
  const picks: PickLine[] = [];
  let left = quantity;
  for (const l of fefoOrder(lots, now)) {
    if (left === 0) break;
    const take = Math.min(left, l.quantity);
    picks.push({ lotNumber: l.lotNumber, expiresAt: l.expiresAt, quantity: take });
    left -= take;
  }
  return { picks, short: left };
}

export function lotBalances(entries: readonly { lotNumber: string; expiresAt: Date | null; delta: number }[]): LotBalance[] {
  const m = new Map<string, LotBalance>();
  for (const e of entries) {
    const cur = m.get(e.lotNumber) ?? { lotNumber: e.lotNumber, expiresAt: e.expiresAt, quantity: 0 };
    cur.quantity += e.delta;
    if (e.expiresAt) cur.expiresAt = e.expiresAt;
    m.set(e.lotNumber, cur);
  }
  return [...m.values()];
}
