/** A change to one stock level. Deltas are signed; the level keeps available = onHand − reserved. */
export interface StockDelta {
  onHandDelta: number;
  reservedDelta: number;
}

export const movementDeltas = {
  reserve: (q: number): StockDelta => ({ onHandDelta: 0, reservedDelta: q }),
  release: (q: number): StockDelta => ({ onHandDelta: 0, reservedDelta: -q }),
  deduct: (q: number): StockDelta => ({ onHandDelta: -q, reservedDelta: -q }),
  adjust: (d: number): StockDelta => ({ onHandDelta: d, reservedDelta: 0 }),
};

/**
 * The guard under which a delta may be applied so that onHand ≥ 0, reserved ≥ 0 and available ≥ 0
 * (hence 0 ≤ reserved ≤ onHand) hold after it: minimum current values, as a store filter.
 */
export function deltaGuard(d: StockDelta): { onHand?: number; reserved?: number; available?: number } {
  const availableDelta = d.onHandDelta - d.reservedDelta;
  const guard: { onHand?: number; reserved?: number; available?: number } = {};
  if (d.onHandDelta < 0) guard.onHand = -d.onHandDelta;
  if (d.reservedDelta < 0) guard.reserved = -d.reservedDelta;
  if (availableDelta < 0) guard.available = -availableDelta;
  return guard;
}

export interface LevelSnapshot {
  onHand: number;
  reserved: number;
}

/** Pure version of the store's conditional update: what the level becomes, or null if the guard fails. */
export function applyDelta(level: LevelSnapshot, d: StockDelta): LevelSnapshot | null {
  const onHand = level.onHand + d.onHandDelta;
  const reserved = level.reserved + d.reservedDelta;
  if (onHand < 0 || reserved < 0 || reserved > onHand) return null;
  return { onHand, reserved };
}
