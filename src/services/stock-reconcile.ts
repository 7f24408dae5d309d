import type { Ctx } from '../context.js';
import type { Models } from '../db/models.js';
import { appendEvents } from './events.js';

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

/**
 * The scheduled reconciliation: every seller's levels against their ledger. Drift is reported (error log and a
 * `stock.drift` event per level and hour), never silently repaired; a stale cache behind its ledger is the one
 * thing refreshed, since the ledger is the truth and the cache only mirrors it.
 */
export async function reconcileAllStock(ctx: Ctx): Promise<{ sellers: number; drifts: number }> {
  const sellers = await ctx.models.Seller.find({}, { _id: 1 }).lean();
  let drifts = 0;
  const hour = Math.floor(ctx.now().getTime() / 3_600_000);
  for (const s of sellers) {
    const found = await reconcileStock(ctx.models, s._id);
    const stale = found.filter((d) => d.problem === 'cached level differs from ledger' && d.level && d.level.seq < d.ledger.seq);
    if (stale.length > 0) await ctx.ledger.refreshCaches(s._id);
    const real = found.filter((d) => !stale.includes(d));
    drifts += real.length;
    for (const d of real) ctx.log.error({ sellerId: s._id, levelId: d.levelId, problem: d.problem, level: d.level, ledger: d.ledger }, 'stock drift');
    if (real.length > 0) {
      await appendEvents(ctx.models, real.map((d) => ({ _id: `stock.drift:${d.levelId}:${hour}`, sellerId: s._id, type: 'stock.drift', subject: { kind: 'stock-level', id: d.levelId }, data: { problem: d.problem, level: d.level ?? null, ledger: d.ledger } })), ctx.now());
    }
  }
  return { sellers: sellers.length, drifts };
}
