import { describe, expect, it } from 'vitest';
import { coveredQuantities, fewestWarehouses, planSplit, type SplitLine, type SplitSettings } from '../../src/domain/split-plan.js';

const wh = [
  { id: 'w1', code: 'EAST', priority: 20 },
  { id: 'w2', code: 'WEST', priority: 10 },
  { id: 'w3', code: 'NORTH', priority: 10 },
];
const matrix = (rows: Record<string, Record<string, number>>) => new Map(Object.entries(rows).map(([w, skus]) => [w, new Map(Object.entries(skus))]));
const line = (lineId: string, skuCode: string, quantity: number, over: Partial<SplitLine> = {}): SplitLine => ({ lineId, skuCode, quantity, unitWeight: 0, presale: false, ...over });
const s: SplitSettings = { byWarehouse: true, byPresale: true };
const shape = (plan: ReturnType<typeof planSplit>) =>
  plan.kind === 'none' ? plan.reason : plan.parcels.map((p) => `${p.warehouseId ?? (p.presale ? 'presale' : '-')}:${p.lines.map((l) => `${l.lineId}x${l.quantity}`).join(',')}`);

/** Small deterministic PRNG so the property test is repeatable and can still explore many cases. */
function prng(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('fewestWarehouses', () => {
  it('prefers two warehouses over three even when the best-priority one holds something', () => {
    const m = matrix({ w2: { A: 1 }, w3: { B: 1 }, w1: { A: 1, B: 1 } });
    expect(fewestWarehouses(new Map([['A', 1], ['B', 1]]), wh, m)?.map((w) => w.code)).toEqual(['EAST']);
  });
  it('breaks ties by priority, then code', () => {
    const all = matrix({ w1: { A: 1, B: 1 }, w2: { A: 1, B: 1 }, w3: { A: 1, B: 1 } });
    expect(fewestWarehouses(new Map([['A', 1], ['B', 1]]), wh, all)?.map((w) => w.code)).toEqual(['NORTH']);
    const m = matrix({ w1: { A: 1, B: 1 }, w2: { A: 1 }, w3: { B: 1 } });
    expect(fewestWarehouses(new Map([['A', 2], ['B', 1]]), wh, m)?.map((w) => w.code)).toEqual(['WEST', 'EAST']);
  });
  it('is null when all warehouses together fall short', () => {
    expect(fewestWarehouses(new Map([['A', 5]]), wh, matrix({ w1: { A: 2 }, w2: { A: 2 } }))).toBeNull();
  });
});

describe('planSplit', () => {
  const cases: [string, SplitLine[], Record<string, Record<string, number>>, SplitSettings, ReturnType<typeof shape>][] = [
    ['two SKUs in two warehouses: two parcels', [line('1', 'A', 2), line('2', 'B', 1)], { w1: { A: 2 }, w2: { B: 5 } }, s, ['w2:2x1', 'w1:1x2']],
    ['one line over two warehouses', [line('1', 'A', 5)], { w1: { A: 3 }, w2: { A: 2 } }, s, ['w2:1x2', 'w1:1x3']],
    ['not coverable: no split', [line('1', 'A', 5)], { w1: { A: 3 } }, s, 'no set of warehouses fills these lines'],
    ['not coverable, partial allowed: ship now, backorder the rest', [line('1', 'A', 5), line('2', 'B', 1)], { w1: { A: 3 } }, { ...s, allowPartial: true }, ['w1:1x3', '-:1x2,2x1']],
    ['presale apart from in-stock lines', [line('1', 'A', 1), line('2', 'P', 2, { presale: true })], { w1: { A: 1 } }, s, ['presale:2x2', 'w1:1x1']],
    ['presale lines stay when presale splitting is off', [line('1', 'A', 1), line('2', 'P', 2, { presale: true })], { w1: { A: 1 } }, { ...s, byPresale: false }, 'no set of warehouses fills these lines'],
    ['warehouse splitting off', [line('1', 'A', 2), line('2', 'B', 1)], { w1: { A: 2 }, w2: { B: 5 } }, { ...s, byWarehouse: false }, 'no set of warehouses fills these lines'],
    ['refunded-away lines are ignored', [line('1', 'A', 0), line('2', 'B', 1)], { w2: { B: 1 } }, s, 'stock in WEST'],
    ['weight limit divides a warehouse parcel', [line('1', 'A', 3, { unitWeight: 400 }), line('2', 'B', 1, { unitWeight: 300 })], { w2: { A: 3, B: 1 } }, { ...s, maxParcelWeight: 1000 }, ['w2:1x2', 'w2:1x1,2x1']],
    ['a unit heavier than the limit travels alone', [line('1', 'A', 2, { unitWeight: 1500 })], { w2: { A: 2 } }, { ...s, maxParcelWeight: 1000 }, ['w2:1x1', 'w2:1x1']],
  ];
  it.each(cases)('%s', (_name, lines, m, settings, expected) => {
    expect(shape(planSplit(lines, wh, matrix(m), settings))).toEqual(expected);
  });

  it('property: parcels always cover exactly the open quantities, never exceed a warehouse, and respect the weight limit', () => {
    const rnd = prng(42);
    const int = (n: number) => Math.floor(rnd() * n);
    for (let run = 0; run < 500; run++) {
      const skus = ['A', 'B', 'C', 'D'].slice(0, 1 + int(4));
      const lines = Array.from({ length: 1 + int(5) }, (_, i) => line(`L${i}`, skus[int(skus.length)]!, int(6), { unitWeight: int(800), presale: rnd() < 0.2 }));
      const m = matrix(Object.fromEntries(wh.map((w) => [w.id, Object.fromEntries(skus.map((k) => [k, int(5)]))])));
      const settings: SplitSettings = { byWarehouse: rnd() < 0.9, byPresale: rnd() < 0.7, allowPartial: rnd() < 0.5, maxParcelWeight: rnd() < 0.5 ? 500 + int(1500) : null };
      const plan = planSplit(lines, wh, m, settings);
      if (plan.kind === 'none') continue;
      expect(plan.parcels.length).toBeGreaterThan(1);
      const covered = coveredQuantities(plan.parcels);
      for (const l of lines) expect(covered.get(l.lineId) ?? 0).toBe(l.quantity);
      const used = new Map<string, number>();
      for (const p of plan.parcels) {
        expect(p.lines.every((l) => l.quantity > 0)).toBe(true);
        if (settings.maxParcelWeight) {
          const weight = p.lines.reduce((sum, pl) => sum + lines.find((l) => l.lineId === pl.lineId)!.unitWeight * pl.quantity, 0);
          const units = p.lines.reduce((sum, pl) => sum + pl.quantity, 0);
          expect(weight <= settings.maxParcelWeight || units === 1).toBe(true);
        }
        if (!p.warehouseId) continue;
        for (const pl of p.lines) {
          const k = `${p.warehouseId}:${lines.find((l) => l.lineId === pl.lineId)!.skuCode}`;
          used.set(k, (used.get(k) ?? 0) + pl.quantity);
        }
      }
      for (const [k, q] of used) {
        const [w, sku] = k.split(':') as [string, string];
        expect(q).toBeLessThanOrEqual(m.get(w)?.get(sku) ?? 0);
      }
    }
  });
});
