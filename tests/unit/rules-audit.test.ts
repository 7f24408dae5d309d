import { describe, expect, it } from 'vitest';
import { evaluateAudit, type AuditRulesInput } from '../../src/domain/rules/audit-rules.js';
import type { RuleSet } from '../../src/domain/rules/types.js';
import { address, line, rule, set } from './rules-fixtures.js';

const now = new Date('2026-03-01T12:00:00Z');
const created = new Date('2026-03-01T11:00:00Z');

function input(rules: RuleSet, over: Partial<AuditRulesInput['order']> = {}, env: Partial<AuditRulesInput> = {}): AuditRulesInput {
  return {
    now, rules, catalog: new Map([['A', { weight: 100 }], ['B', { weight: 50 }]]), acknowledged: new Set(),
    order: { id: 'o1', shopId: 's1', platformState: 'paid', platformCreatedAt: created, currency: 'USD', total: '20.00', buyer: { platformBuyerId: 'b1', email: 'Ann@Example.com' }, address, lines: [line()], ...over },
    ...env,
  };
}
const codes = (i: AuditRulesInput) => evaluateAudit(i).holds.map((h) => h.code);

describe('audit rules: one kind at a time', () => {
  const cases: [string, AuditRulesInput, string[]][] = [
    ['no rules: only the built-in checks, which pass', input(set()), []],
    ['no rules: an unpaid order still holds', input(set(), { platformState: 'unpaid' }), ['NOT_PAID']],
    ['address_valid: required phone missing', input(set(rule('address_valid', { requiredParts: ['phone'] })), { address: { ...address, phone: undefined } }), ['ADDRESS_INVALID']],
    ['address_valid: country not served', input(set(rule('address_valid', { countries: ['CN'] }))), ['ADDRESS_INVALID']],
    ['address_valid: region served as US-IL', input(set(rule('address_valid', { regions: ['US-IL'] }))), []],
    ['address_valid: postal pattern fails', input(set(rule('address_valid', { postalCodePatterns: { US: '\\d{5}(-\\d{4})?' } })), { address: { ...address, postalCode: '6270' } }), ['ADDRESS_INVALID']],
    ['address_valid: postal pattern passes', input(set(rule('address_valid', { postalCodePatterns: { US: '\\d{5}(-\\d{4})?' } }))), []],
    ['address_valid: no courier serves it', input(set(rule('address_valid', { courierCoverage: true })), {}, { courierCovers: () => false }), ['ADDRESS_INVALID']],
    ['blacklist: buyer id', input(set(rule('blacklist', { buyerIds: ['b1'] }))), ['BLACKLISTED']],
    ['blacklist: email ignores case', input(set(rule('blacklist', { emails: ['ann@example.com'] }))), ['BLACKLISTED']],
    ['blacklist: phone by digits', input(set(rule('blacklist', { phones: ['15550100'] }))), ['BLACKLISTED']],
    ['blacklist: address keyword', input(set(rule('blacklist', { addressKeywords: ['main st'] }))), ['BLACKLISTED']],
    ['blacklist: nobody listed matches', input(set(rule('blacklist', { buyerIds: ['b2'], names: ['Bob'] }))), []],
    ['amount_over: over', input(set(rule('amount_over', { threshold: '19.99' }))), ['AMOUNT_OVER_THRESHOLD']],
    ['amount_over: equal is not over', input(set(rule('amount_over', { threshold: '20' }))), []],
    ['amount_over: other currency is skipped', input(set(rule('amount_over', { threshold: '1', currency: 'EUR' }))), []],
    ['remark_present: buyer remark', input(set(rule('remark_present', {})), { remarks: { buyer: 'leave at door' } }), ['REMARK_PRESENT']],
    ['remark_present: blank remark', input(set(rule('remark_present', {})), { remarks: { buyer: '  ' } }), []],
    ['remark_present: seller remarks ignored by params', input(set(rule('remark_present', { seller: false })), { remarks: { seller: 'vip' } }), []],
    ['presale: platform flag, release later', input(set(rule('presale', { releaseAt: '2026-03-10T00:00:00Z' })), { flags: { presale: true } }), ['PRESALE']],
    ['presale: release passed', input(set(rule('presale', { releaseAt: '2026-02-10T00:00:00Z' })), { flags: { presale: true } }), []],
    ['presale: presale SKU line', input(set(rule('presale', { skuCodes: ['A'] }))), ['PRESALE']],
    ['presale: not a presale order', input(set(rule('presale', { skuCodes: ['B'] }))), []],
    ['hold_until: date ahead', input(set(rule('hold_until', { until: '2026-03-02T00:00:00Z' }))), ['HOLD_UNTIL']],
    ['hold_until: delay passed (created 60 min ago)', input(set(rule('hold_until', { delayMinutes: 30 }))), []],
    ['hold_until: delay not passed', input(set(rule('hold_until', { delayMinutes: 90 }))), ['HOLD_UNTIL']],
    ['cod: cash on delivery', input(set(rule('cod', {})), { flags: { cod: true } }), ['COD_REVIEW']],
    ['cod: within the limit', input(set(rule('cod', { maxAmount: '50.00' })), { flags: { cod: true } }), []],
    ['cod: prepaid order', input(set(rule('cod', {}))), []],
    ['duplicate: twin inside the window', input(set(rule('duplicate', { windowMinutes: 120 })), {}, { twin: { orderId: 'o0', at: new Date('2026-03-01T10:00:00Z') } }), ['SUSPECTED_DUPLICATE']],
    ['duplicate: twin outside the window', input(set(rule('duplicate', { windowMinutes: 30 })), {}, { twin: { orderId: 'o0', at: new Date('2026-03-01T10:00:00Z') } }), []],
    ['duplicate: the first order itself', input(set(rule('duplicate', { windowMinutes: 120 })), {}, { twin: { orderId: 'o1', at: created } }), []],
    ['risk_flags: any flag', input(set(rule('risk_flags', {})), { flags: { risk: ['fraud_suspected'] } }), ['PLATFORM_RISK']],
    ['risk_flags: only listed flags', input(set(rule('risk_flags', { flags: ['fraud_suspected'] })), { flags: { risk: ['address_changed'] } }), []],
    ['disabled rule is not evaluated', input(set(rule('amount_over', { threshold: '1' }, { enabled: false }))), []],
    ['rule for another shop is skipped', input(set(rule('amount_over', { threshold: '1' }, { shopIds: ['s2'] }))), []],
    ['every failing rule is reported, one hold per code', input(set(rule('amount_over', { threshold: '1' }), rule('amount_over', { threshold: '2' }), rule('cod', {})), { platformState: 'unpaid', flags: { cod: true } }), ['NOT_PAID', 'AMOUNT_OVER_THRESHOLD', 'COD_REVIEW']],
  ];
  it.each(cases)('%s', (_name, i, expected) => {
    expect(codes(i)).toEqual(expected);
  });
});

describe('audit rules: trace, auto-clear, acknowledgement', () => {
  it('traces every evaluated rule with id, version and outcome', () => {
    const r1 = rule('amount_over', { threshold: '1' }, { version: 3, priority: 5 });
    const r2 = rule('cod', {}, { shopIds: ['other'] });
    const { trace } = evaluateAudit(input(set(r2, r1)));
    expect(trace.filter((t) => !t.ruleId?.startsWith('builtin:'))).toEqual([
      { step: 'audit', ruleId: r1.id, version: 3, outcome: 'hold', code: 'AMOUNT_OVER_THRESHOLD', detail: '20.00 USD > 1' },
      { step: 'audit', ruleId: r2.id, version: 1, outcome: 'skip', code: 'COD_REVIEW', detail: 'not for this shop' },
    ]);
    expect(trace.filter((t) => t.ruleId?.startsWith('builtin:')).map((t) => t.ruleId)).toEqual(['builtin:NOT_PAID', 'builtin:ADDRESS_INCOMPLETE', 'builtin:NO_LINES', 'builtin:UNKNOWN_SKU']);
  });

  it('returns recheckAt (the earliest date) only when every hold clears by itself', () => {
    const rs = set(rule('hold_until', { until: '2026-03-05T00:00:00Z' }), rule('presale', { skuCodes: ['A'], releaseAt: '2026-03-03T00:00:00Z' }));
    expect(evaluateAudit(input(rs)).recheckAt).toEqual(new Date('2026-03-03T00:00:00Z'));
    expect(evaluateAudit(input(rs, { remarks: { buyer: 'x' } })).recheckAt).toEqual(new Date('2026-03-03T00:00:00Z'));
    const withManual = set(rule('hold_until', { until: '2026-03-05T00:00:00Z' }), rule('remark_present', {}));
    expect(evaluateAudit(input(withManual, { remarks: { buyer: 'x' } })).recheckAt).toBeUndefined();
  });

  it('a customer-service release lets review holds pass but re-checks the address', () => {
    const rs = set(rule('remark_present', {}), rule('address_valid', { countries: ['CN'] }));
    const acked = input(rs, { remarks: { buyer: 'call me' } }, { acknowledged: new Set(['REMARK_PRESENT', 'ADDRESS_INVALID']) });
    const r = evaluateAudit(acked);
    expect(r.holds.map((h) => h.code)).toEqual(['ADDRESS_INVALID']);
    expect(r.trace.find((t) => t.code === 'REMARK_PRESENT')).toMatchObject({ outcome: 'pass', detail: expect.stringContaining('released by customer service') });
  });

  it('a duplicate rule without loaded fingerprints is skipped, not passed silently', () => {
    const r = evaluateAudit(input(set(rule('duplicate', { windowMinutes: 5 }))));
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'skip', detail: 'fingerprints not loaded for this run' });
  });

  it('expands combo SKUs and holds on an unknown component', () => {
    const catalog = new Map([['KIT', { components: [{ skuCode: 'A', quantity: 2 }, { skuCode: 'GONE', quantity: 1 }] }], ['A', {}]]);
    const r = evaluateAudit({ ...input(set(), { lines: [line({ lineId: 'L9', skuCode: 'KIT', quantity: 3 })] }), catalog });
    expect(r.lines?.map((l) => [l.lineId, l.parentLineId, l.skuCode, l.quantity])).toEqual([['L9/A', 'L9', 'A', 6], ['L9/GONE', 'L9', undefined, 3]]);
    expect(r.holds).toEqual([{ code: 'UNKNOWN_SKU', message: expect.stringContaining('GONE') }]);
  });
});
