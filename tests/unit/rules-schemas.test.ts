import { describe, expect, it } from 'vitest';
import { fingerprintId } from '../../src/domain/rules/fingerprint.js';
import { parseRuleParams, ruleKinds, type RuleKind } from '../../src/domain/rules/schemas.js';
import { sampleRules } from '../../src/services/rules/sample-rules.js';
import { line } from './rules-fixtures.js';

describe('rule params', () => {
  const bad: [RuleKind, unknown][] = [
    ['amount_over', { threshold: '-1' }],
    ['amount_over', {}],
    ['blacklist', {}],
    ['blacklist', { emails: [] }],
    ['hold_until', {}],
    ['duplicate', { windowMinutes: 0 }],
    ['courier', { courierCode: 'SF', rates: [{ maxGrams: 0, price: '1.00' }] }],
    ['warehouse_set', { warehouseCodes: [] }],
    ['address_valid', { countries: ['USA'] }],
    ['cod', { surprise: true }],
  ];
  it.each(bad)('%s refuses %j', (kind, params) => {
    expect(() => parseRuleParams(kind, params)).toThrow();
  });

  it('normalises what it accepts (upper-case countries, dates, defaults)', () => {
    expect(parseRuleParams('address_valid', { countries: ['us'] })).toEqual({ countries: ['US'] });
    expect(parseRuleParams('presale', { releaseAt: '2026-05-01T00:00:00Z' })).toEqual({ releaseAt: new Date('2026-05-01T00:00:00Z') });
    expect(parseRuleParams('remark_present', {})).toEqual({ buyer: true, seller: true });
  });

  it('the sample rule set is valid for every kind it uses', () => {
    const rules = sampleRules(['A', 'B'], ['SF', 'YTO']);
    for (const r of rules) expect(() => parseRuleParams(r.kind, r.params)).not.toThrow();
    expect(new Set(rules.map((r) => r.kind)).size).toBeGreaterThan(7);
    expect(ruleKinds).toContain('duplicate');
  });
});

describe('duplicate fingerprint', () => {
  const o = (over: object = {}) => ({ buyer: { platformBuyerId: 'b1' }, lines: [line({ skuCode: 'A', quantity: 2 }), line({ lineId: 'L2', skuCode: 'B' })], ...over });
  it('is the same for the same buyer and lines in any order, and differs otherwise', () => {
    const base = fingerprintId('s1', o());
    expect(fingerprintId('s1', o({ lines: [line({ lineId: 'X', skuCode: 'B' }), line({ lineId: 'Y', skuCode: 'A', quantity: 2 })] }))).toBe(base);
    expect(fingerprintId('s2', o())).not.toBe(base);
    expect(fingerprintId('s1', o({ buyer: { platformBuyerId: 'b2' } }))).not.toBe(base);
    expect(fingerprintId('s1', o({ lines: [line({ skuCode: 'A', quantity: 3 }), line({ lineId: 'L2', skuCode: 'B' })] }))).not.toBe(base);
    expect(fingerprintId('s1', o({ buyer: { email: 'Ann@x.com' } }))).toBe(fingerprintId('s1', o({ buyer: { email: 'ann@x.com ' } })));
  });
  it('is undefined when nothing identifies the buyer', () => {
    expect(fingerprintId('s1', o({ buyer: {} }))).toBeUndefined();
  });
});
