import { describe, expect, it } from 'vitest';
import { chooseCourier, courierCoverage, type CourierMatchInput } from '../../src/domain/rules/courier-rules.js';
import { matchWarehouseRules } from '../../src/domain/rules/warehouse-rules.js';
import type { RuleSet } from '../../src/domain/rules/types.js';
import { address, rule, set } from './rules-fixtures.js';

const warehouses = [
  { id: 'w1', code: 'EAST', priority: 10 },
  { id: 'w2', code: 'WEST', priority: 20 },
  { id: 'w3', code: 'NORTH', priority: 30 },
];
const stocked = new Map([['w1', new Map([['A', 5]])], ['w2', new Map([['A', 5]])], ['w3', new Map([['A', 1]])]]);
const need = new Map([['A', 2]]);
const pickW = (rules: RuleSet, shopId = 's1', addr = address) =>
  matchWarehouseRules({ warehouses, rules, shopId, address: addr, need, matrix: stocked }).candidates.map((c) => c.warehouse.code);

describe('warehouse rules', () => {
  const cases: [string, RuleSet, string[], string?][] = [
    ['no rules: priority among those that fill (NORTH is short)', set(), ['EAST', 'WEST']],
    ['coverage: EAST only serves CN', set(rule('warehouse', { warehouseCode: 'EAST', countries: ['CN'] })), ['WEST']],
    ['coverage rule sets the rank', set(rule('warehouse', { warehouseCode: 'WEST', regions: ['IL'] }, { priority: 1 })), ['WEST', 'EAST']],
    ['shop set limits the choice', set(rule('warehouse_set', { warehouseCodes: ['WEST', 'NORTH'] }, { shopIds: ['s1'] })), ['WEST']],
    ['shop set of another shop does not apply', set(rule('warehouse_set', { warehouseCodes: ['WEST'] }, { shopIds: ['s2'] })), ['EAST', 'WEST']],
    ['disabled coverage is ignored', set(rule('warehouse', { warehouseCode: 'EAST', countries: ['CN'] }, { enabled: false })), ['EAST', 'WEST']],
  ];
  it.each(cases)('%s', (_name, rules, expected) => {
    expect(pickW(rules)).toEqual(expected);
  });

  it('says why, and traces every warehouse with the deciding rule', () => {
    const cov = rule('warehouse', { warehouseCode: 'EAST', postalPrefixes: ['627'] }, { version: 4, priority: 2 });
    const r = matchWarehouseRules({ warehouses, rules: set(cov), shopId: 's1', address, need, matrix: stocked });
    expect(r.candidates[0]!.why).toContain(`rule ${cov.id} v4`);
    expect(r.trace).toEqual([
      { step: 'warehouse', ruleId: cov.id, version: 4, outcome: 'pass', detail: 'EAST: fills, rank 2' },
      { step: 'warehouse', ruleId: 'builtin:priority-full-fill', version: 1, outcome: 'pass', detail: 'WEST: fills, rank 20' },
      { step: 'warehouse', ruleId: 'builtin:priority-full-fill', version: 1, outcome: 'rejected', detail: 'NORTH: short of A (need 2, has 1)' },
    ]);
  });
});

const couriers = [{ code: 'SF', isDefault: false }, { code: 'YTO', isDefault: false }, { code: 'POST', isDefault: true }];
const parcel = (over: Partial<CourierMatchInput<(typeof couriers)[number]>> = {}): CourierMatchInput<(typeof couriers)[number]> => ({
  couriers, rules: set(), shopId: 's1', address, warehouseCode: 'EAST', weightGrams: 800, total: '20.00', cod: false, ...over,
});
const pickC = (i: CourierMatchInput<(typeof couriers)[number]>) => chooseCourier(i).courier?.code;

describe('courier rules', () => {
  const sf = (p: object = {}, o: object = {}) => rule('courier', { courierCode: 'SF', ...p }, o);
  const yto = (p: object = {}, o: object = {}) => rule('courier', { courierCode: 'YTO', ...p }, o);
  const cases: [string, CourierMatchInput<(typeof couriers)[number]>, string | undefined][] = [
    ['no rules: the default courier', parcel(), 'POST'],
    ['no rules and no default: none', parcel({ couriers: couriers.slice(0, 2) }), undefined],
    ['destination: SF only to CN, YTO to US', parcel({ rules: set(sf({ countries: ['CN'] }), yto({ countries: ['US'] })) }), 'YTO'],
    ['weight band: SF up to 500 g', parcel({ rules: set(sf({ maxWeightGrams: 500 }, { priority: 1 }), yto()) }), 'YTO'],
    ['weight band: SF from 1 kg', parcel({ rules: set(sf({ minWeightGrams: 1000 }, { priority: 1 }), yto()) }), 'YTO'],
    ['amount: SF only above 100', parcel({ rules: set(sf({ minAmount: '100' }, { priority: 1 }), yto()) }), 'YTO'],
    ['amount: SF only up to 10', parcel({ rules: set(sf({ maxAmount: '10' }, { priority: 1 }), yto()) }), 'YTO'],
    ['COD: only SF takes cash on delivery', parcel({ cod: true, rules: set(yto({}, { priority: 1 }), sf({ cod: true })) }), 'SF'],
    ['cost table: cheapest band wins over priority', parcel({ rules: set(sf({ rates: [{ maxGrams: 1000, price: '12.00' }] }, { priority: 1 }), yto({ rates: [{ maxGrams: 500, price: '3.00' }, { maxGrams: 2000, price: '8.00' }] })) }), 'YTO'],
    ['cost table: beyond the heaviest band is not eligible', parcel({ weightGrams: 5000, rules: set(sf({ rates: [{ maxGrams: 1000, price: '1.00' }] }), yto({}, { priority: 200 })) }), 'YTO'],
    ['priority when unpriced', parcel({ rules: set(sf({}, { priority: 50 }), yto({}, { priority: 10 })) }), 'YTO'],
    ['origin warehouse', parcel({ rules: set(sf({ warehouseCodes: ['WEST'] }, { priority: 1 }), yto()) }), 'YTO'],
    ['fallback rule when nothing else fits', parcel({ rules: set(sf({ countries: ['CN'] }), yto({ fallback: true })) }), 'YTO'],
    ['fallback is not used when a rule fits', parcel({ rules: set(sf(), yto({ fallback: true }, { priority: 1 })) }), 'SF'],
    ['no rule fits and no fallback rule: the default courier', parcel({ rules: set(sf({ countries: ['CN'] })) }), 'POST'],
    ['rule for another shop is skipped', parcel({ rules: set(sf({}, { shopIds: ['s2'] })) }), 'POST'],
  ];
  it.each(cases)('%s', (_name, i, expected) => {
    expect(pickC(i)).toBe(expected);
  });

  it('traces each rule and explains the choice', () => {
    const a = sf({ countries: ['CN'] });
    const b = yto({ rates: [{ maxGrams: 1000, price: '6.50' }] }, { version: 2 });
    const r = chooseCourier(parcel({ rules: set(a, b) }));
    expect(r.trace).toEqual([
      { step: 'courier', ruleId: a.id, version: 1, outcome: 'rejected', code: 'SF', detail: 'does not serve US/IL/62701' },
      { step: 'courier', ruleId: b.id, version: 2, outcome: 'chosen', code: 'YTO', detail: 'fits, price 6.50' },
    ]);
    expect(r.why).toBe(`rule ${b.id} v2: 800 g to US/IL/62701, cheapest at 6.50 of 1 fitting`);
  });

  it('coverage for the address rule: courier rules, else the default courier', () => {
    expect(courierCoverage(set(), couriers, 's1')(address)).toBe(true);
    expect(courierCoverage(set(sf({ countries: ['CN'] })), couriers, 's1')(address)).toBe(false);
    expect(courierCoverage(set(sf({ countries: ['CN'] }), yto({ regions: ['IL'] })), couriers, 's1')(address)).toBe(true);
  });
});
