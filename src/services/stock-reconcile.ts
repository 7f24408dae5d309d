import type { Models } from '../db/models.js';

export interface Drift {
  levelId: string;
  problem: string;
  level?: { seq: number; onHand: number; reserved: number; available: number };
  ledger: { seq: number; onHand: number; reserved: number };
}

/**
 * Recomputes every level of a seller from its ledger and reports where the ledger is inconsistent
 * (gaps in the numbering, a balance that is not the sum of its deltas, a broken bound) or the cached
 * level differs from it. Reads only; changes nothing.
 */
export async function reconcileStock(models: Models, sellerId: string): Promise<Drift[]> {
  const [levels, entries] = await Promise.all([
    models.StockLevel.find({ sellerId }).lean(),
    models.StockMovement.find({ sellerId }).sort({ levelId: 1, seq: 1 }).lean(),
  ]);
  const sums = new Map<string, { seq: number; onHand: number; reserved: number; problem?: string }>();
  for (const e of entries) {
    const s = sums.get(e.levelId) ?? { seq: 0, onHand: 0, reserved: 0 };
    if (e.seq !== s.seq + 1) s.problem ??= `ledger gap before seq ${e.seq}`;
    s.seq = e.seq;
    s.onHand += e.onHandDelta;
    s.reserved += e.reservedDelta;
    if (s.onHand !== e.onHandAfter || s.reserved !== e.reservedAfter) s.problem ??= `seq ${e.seq} balance is not the sum of deltas`;
    if (s.onHand < 0 || s.reserved < 0 || s.reserved > s.onHand) s.problem ??= `seq ${e.seq} breaks a bound`;
    sums.set(e.levelId, s);
  }
  const drifts: Drift[] = [];
  const cached = new Map(levels.map((l) => [l._id, l]));
  for (const [levelId, s] of sums) {
    const l = cached.get(levelId);
    const level = l && { seq: l.seq, onHand: l.onHand, reserved: l.reserved, available: l.available };
    const ledger = { seq: s.seq, onHand: s.onHand, reserved: s.reserved };
    let problem = s.problem;
    if (!problem && !l) problem = 'no cached level';
    if (!problem && l && (l.onHand !== s.onHand || l.reserved !== s.reserved || l.seq !== s.seq)) problem = 'cached level differs from ledger';
    if (!problem && l && l.available !== l.onHand - l.reserved) problem = 'available ≠ onHand − reserved';
    if (problem) drifts.push({ levelId, problem, level, ledger });
  }
  for (const l of levels) {
    if (!sums.has(l._id) && (l.onHand !== 0 || l.reserved !== 0)) {
      drifts.push({ levelId: l._id, problem: 'level without ledger', level: { seq: l.seq, onHand: l.onHand, reserved: l.reserved, available: l.available }, ledger: { seq: 0, onHand: 0, reserved: 0 } });
    }
  }
  return drifts;
}
