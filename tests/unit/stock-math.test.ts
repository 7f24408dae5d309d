import { describe, expect, it } from 'vitest';
import { applyDelta, deltaGuard, movementDeltas } from '../../src/domain/stock.js';

/** Small deterministic PRNG so the property test is repeatable and can still explore many cases. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('stock math', () => {
  it('guards name the minimum current values a delta needs', () => {
    expect(deltaGuard(movementDeltas.reserve(3))).toEqual({ available: 3 });
    expect(deltaGuard(movementDeltas.release(2))).toEqual({ reserved: 2 });
    expect(deltaGuard(movementDeltas.deduct(4))).toEqual({ onHand: 4, reserved: 4 });
    expect(deltaGuard(movementDeltas.adjust(-5))).toEqual({ onHand: 5, available: 5 });
    expect(deltaGuard(movementDeltas.adjust(5))).toEqual({});
  });

  it('property: any sequence of movements keeps 0 ≤ reserved ≤ onHand, and a refused one changes nothing', () => {
    const rnd = prng(42);
    const kinds = Object.keys(movementDeltas) as (keyof typeof movementDeltas)[];
    for (let run = 0; run < 200; run++) {
      let level = { onHand: 0, reserved: 0 };
      for (let i = 0; i < 50; i++) {
        const kind = kinds[Math.floor(rnd() * kinds.length)]!;
        const q = Math.floor(rnd() * 10) - (kind === 'adjust' ? 4 : 0);
        const next = applyDelta(level, movementDeltas[kind](q));
        const g = deltaGuard(movementDeltas[kind](q));
        const guardHolds = (g.onHand ?? 0) <= level.onHand && (g.reserved ?? 0) <= level.reserved && (g.available ?? 0) <= level.onHand - level.reserved;
        expect(next !== null).toBe(guardHolds);
        if (next) level = next;
        expect(level.reserved).toBeGreaterThanOrEqual(0);
        expect(level.reserved).toBeLessThanOrEqual(level.onHand);
      }
    }
  });
});
