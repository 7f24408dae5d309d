import { describe, expect, it } from 'vitest';
import type { NormalizedOrder } from '../../connectors/types.js';
import { platformFields } from '../../src/domain/order-mapping.js';
import { evaluateAudit } from '../../src/domain/rules/audit-rules.js';
import { fullMatch, patternProblem } from '../../src/domain/rules/safe-pattern.js';
import { parseRuleParams } from '../../src/domain/rules/schemas.js';
import { address, line, rule, set } from './rules-fixtures.js';

/**
 * Seller-supplied postal-code patterns: refused when unsafe at creation, and matched in linear time (RE2) when
 * accepted, so even a pattern that is exponential on a backtracking engine cannot stall the process. The test
 * would hang (and time out) on a backtracking matcher: `(a|a)*b` over 5,000 characters is 2^5000 paths there.
 */
describe('postal-code patterns', () => {
  it.each([
    ['((a+)+)+b', 'nested unbounded repetition'],
    ['(a+)+', 'nested unbounded repetition'],
    ['(\\d*)*', 'nested unbounded repetition'],
    ['(?=\\d)\\d{5}', 'look-arounds'],
    ['(\\d)\\1', 'look-arounds and back-references'],
    ['([', 'not a valid regular expression'],
  ])('%s is refused', (pattern, why) => {
    expect(patternProblem(pattern)).toContain(why);
    expect(() => parseRuleParams('address_valid', { postalCodePatterns: { US: pattern } })).toThrow();
  });

  it.each(['\\d{5}(-\\d{4})?', '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}', '\\d{3}-\\d{4}', '(a|a)*b', '[0-9]+'])('%s is accepted', (pattern) => {
    expect(patternProblem(pattern)).toBeNull();
  });

  it('matches whole postal codes like the old matcher did', () => {
    expect(fullMatch('\\d{5}(-\\d{4})?', '62701')).toBe(true);
    expect(fullMatch('\\d{5}(-\\d{4})?', '62701-1234')).toBe(true);
    expect(fullMatch('\\d{5}(-\\d{4})?', 'x62701')).toBe(false);
    expect(fullMatch('\\d{5}', '627012')).toBe(false);
    expect(fullMatch('(?=x)', 'x')).toBeUndefined();
  });

  it('an accepted pattern that is exponential for backtracking runs in linear time', () => {
    const hostile = `${'a'.repeat(5000)}c`;
    expect(fullMatch('(a|a)*b', hostile)).toBe(false);
    expect(fullMatch('(a|aa)*b', hostile)).toBe(false);
    // the refused one too, had it been stored before the check existed
    expect(fullMatch('((a+)+)+b', hostile)).toBe(false);
    const rules = set(rule('address_valid', { postalCodePatterns: { US: '(a|a)*b' } }));
    const holds = evaluateAudit({
      now: new Date('2026-03-01T12:00:00Z'), rules, catalog: new Map([['A', { weight: 100 }]]), acknowledged: new Set(),
      order: { id: 'o1', shopId: 's1', platformState: 'paid', platformCreatedAt: new Date('2026-03-01T11:00:00Z'), currency: 'USD', total: '10.00', buyer: {}, address: { ...address, postalCode: hostile.slice(-32) }, lines: [line()] },
    }).holds.map((h) => h.code);
    expect(holds).toEqual(['ADDRESS_INVALID']);
  });
});

describe('imported free text is capped at ingestion', () => {
  it('postal code, names, address lines and remarks are cut to their caps; ids are not', () => {
    const long = (n: number) => 'x'.repeat(n);
    const o: NormalizedOrder = {
      platformOrderId: `P-${long(300)}`, platformStatus: long(1000), state: 'paid', platformCreatedAt: new Date(), platformUpdatedAt: new Date(), currency: 'USD',
      buyer: { name: long(10_000), email: long(10_000), phone: long(1000) },
      address: { name: long(10_000), line1: long(10_000), city: long(10_000), postalCode: long(100_000), country: 'US' },
      lines: [{ lineId: `L-${long(300)}`, quantity: 1, unitPrice: '1.00', title: long(10_000) }],
      amounts: { subtotal: '1.00', shipping: '0.00', tax: '0.00', discount: '0.00', total: '1.00' },
      remarks: { buyer: long(100_000) },
      flags: { risk: Array.from({ length: 1000 }, () => long(1000)) },
    };
    const f = platformFields(o, () => undefined);
    expect(f.address!.postalCode).toHaveLength(32);
    expect(f.address!.name).toHaveLength(200);
    expect(f.address!.line1).toHaveLength(300);
    expect(f.buyer.name).toHaveLength(200);
    expect(f.remarks!.buyer).toHaveLength(2000);
    expect(f.lines[0]!.title).toHaveLength(500);
    expect(f.lines[0]!.lineId).toHaveLength(302);
    expect(f.flags!.risk).toHaveLength(50);
    expect(f.platformStatus).toHaveLength(100);
  });
});
