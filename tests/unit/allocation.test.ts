import { describe, expect, it } from 'vitest';
import { rankWarehouses } from '../../src/domain/allocation.js';

const wh = [
  { id: 'w1', code: 'EAST', priority: 20 },
  { id: 'w2', code: 'WEST', priority: 10 },
  { id: 'w3', code: 'NORTH', priority: 10 },
];
const matrix = (rows: Record<string, Record<string, number>>) => new Map(Object.entries(rows).map(([w, skus]) => [w, new Map(Object.entries(skus))]));

describe('rankWarehouses', () => {
  it('keeps only warehouses that fill the whole order, best priority first, then code', () => {
    const need = new Map([['A', 2], ['B', 1]]);
    const avail = matrix({ w1: { A: 5, B: 5 }, w2: { A: 2, B: 1 }, w3: { A: 9, B: 9 } });
    expect(rankWarehouses(need, wh, avail).map((w) => w.code)).toEqual(['NORTH', 'WEST', 'EAST']);
  });
  it('drops a warehouse short of one SKU', () => {
    const need = new Map([['A', 2], ['B', 1]]);
    const avail = matrix({ w1: { A: 5, B: 1 }, w2: { A: 1, B: 9 } });
    expect(rankWarehouses(need, wh, avail).map((w) => w.code)).toEqual(['EAST']);
  });
  it('returns nothing when no single warehouse can fill it', () => {
    expect(rankWarehouses(new Map([['A', 3]]), wh, matrix({ w1: { A: 2 }, w2: { A: 2 } }))).toEqual([]);
  });
});
