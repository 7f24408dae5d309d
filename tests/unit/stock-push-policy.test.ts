import { describe, expect, it } from 'vitest';
import { applyStockPolicy, availableForShop, comboAvailable, defaultStockPolicy, policyProblem, type StockPolicy } from '../../src/domain/stock-push-policy.js';

const p = (over: Partial<StockPolicy>): StockPolicy => ({ ...defaultStockPolicy, ...over });

describe('applyStockPolicy', () => {
  const cases: { name: string; available: number; policy: StockPolicy; canDelist?: boolean; want: { quantity: number; listed?: boolean } }[] = [
    { name: 'default shows everything', available: 7, policy: defaultStockPolicy, want: { quantity: 7 } },
    { name: 'percentage rounds down', available: 7, policy: p({ percent: 50 }), want: { quantity: 3 } },
    { name: 'buffer before percentage', available: 10, policy: p({ buffer: 2, percent: 50 }), want: { quantity: 4 } },
    { name: 'buffer larger than stock', available: 2, policy: p({ buffer: 5 }), want: { quantity: 0 } },
    { name: 'min lifts a small share', available: 10, policy: p({ percent: 10, min: 3 }), want: { quantity: 3 } },
    { name: 'min never shows more than is there', available: 2, policy: p({ percent: 10, min: 5 }), want: { quantity: 2 } },
    { name: 'min respects the buffer', available: 4, policy: p({ percent: 10, min: 5, buffer: 3 }), want: { quantity: 1 } },
    { name: 'max caps', available: 500, policy: p({ max: 100 }), want: { quantity: 100 } },
    { name: 'negative available is zero', available: -3, policy: p({ min: 2 }), want: { quantity: 0 } },
    { name: 'delist at zero where supported', available: 1, policy: p({ buffer: 1, delistAtZero: true }), canDelist: true, want: { quantity: 0, listed: false } },
    { name: 'relist when stock returns', available: 4, policy: p({ delistAtZero: true }), canDelist: true, want: { quantity: 4, listed: true } },
    { name: 'delist asked but platform cannot: quantity only', available: 0, policy: p({ delistAtZero: true }), canDelist: false, want: { quantity: 0 } },
  ];
  it.each(cases)('$name', ({ available, policy, canDelist, want }) => {
    expect(applyStockPolicy(available, policy, canDelist ?? false)).toEqual(want);
  });
});

describe('availableForShop and combos', () => {
  const levels = [
    { warehouseId: 'w1', skuCode: 'A', available: 5 },
    { warehouseId: 'w2', skuCode: 'A', available: 3 },
    { warehouseId: 'w2', skuCode: 'B', available: -2 },
    { warehouseId: 'w1', skuCode: 'B', available: 4 },
  ];
  it.each([
    { name: 'every warehouse when none named', feeds: undefined, want: { A: 8, B: 4 } },
    { name: 'only the feeding warehouses', feeds: ['w2'], want: { A: 3, B: 0 } },
    { name: 'empty list means every warehouse', feeds: [], want: { A: 8, B: 4 } },
  ])('$name', ({ feeds, want }) => {
    expect(Object.fromEntries(availableForShop(levels, feeds))).toEqual(want);
  });

  const stock = new Map([['A', 8], ['B', 4], ['C', 0]]);
  it.each([
    { name: 'the scarcest component decides', parts: [{ skuCode: 'A', quantity: 2 }, { skuCode: 'B', quantity: 1 }], want: 4 },
    { name: 'quantities per combo divide', parts: [{ skuCode: 'A', quantity: 3 }], want: 2 },
    { name: 'a component out of stock stops the combo', parts: [{ skuCode: 'A', quantity: 1 }, { skuCode: 'C', quantity: 1 }], want: 0 },
    { name: 'an unknown component counts as none', parts: [{ skuCode: 'Z', quantity: 1 }], want: 0 },
    { name: 'no components: nothing to sell', parts: [], want: 0 },
  ])('$name', ({ parts, want }) => {
    expect(comboAvailable(parts, stock)).toBe(want);
  });

  it('refuses min above max and a percentage outside 0–100', () => {
    expect(policyProblem(p({ min: 5, max: 2 }))).toMatch(/min/);
    expect(policyProblem(p({ percent: 120 }))).toMatch(/percent/);
    expect(policyProblem(p({ min: 1, max: 2 }))).toBeUndefined();
  });
});
