import { describe, expect, it } from 'vitest';
import { mergeFingerprint, planMerge, type MergeCandidate, type MergeSettings } from '../../src/domain/merge-plan.js';
import { addMoney, lineAmount } from '../../src/services/merge-split/master.js';

const settings: MergeSettings = { enabled: true, scope: 'shop', windowMinutes: 60 };
const t0 = new Date('2026-01-01T10:00:00Z');
const cand = (id: string, over: Partial<MergeCandidate> = {}): MergeCandidate => ({
  id, shopId: 's1', platform: 'shopify', currency: 'USD', hubStatus: 'pending', placedAt: t0, fingerprint: 'fp', isMaster: false, ...over,
});
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('mergeFingerprint', () => {
  const address = { name: 'Ann Buyer', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
  it('ignores case, spacing and punctuation of the same address and buyer', () => {
    const a = mergeFingerprint({ buyer: { email: 'Ann@Example.com ' }, address });
    const b = mergeFingerprint({ buyer: { email: 'ann@example.com' }, address: { ...address, line1: '1  main st.', city: 'SPRINGFIELD' } });
    expect(a).toBe(b);
    expect(a).not.toBeNull();
  });
  it.each([
    ['another street', { buyer: { email: 'ann@example.com' }, address: { ...address, line1: '2 Main St' } }],
    ['another buyer', { buyer: { email: 'bob@example.com' }, address }],
  ])('differs for %s', (_what, other) => {
    expect(mergeFingerprint(other)).not.toBe(mergeFingerprint({ buyer: { email: 'ann@example.com' }, address }));
  });
  it('is null without an address or a buyer identity', () => {
    expect(mergeFingerprint({ buyer: { email: 'ann@example.com' } })).toBeNull();
    expect(mergeFingerprint({ buyer: {}, address })).toBeNull();
  });
});

describe('planMerge', () => {
  const cases: [string, MergeCandidate, MergeCandidate[], MergeSettings, ReturnType<typeof planMerge>][] = [
    ['two open orders make a new master', cand('b'), [cand('a')], settings, { kind: 'merge', masterId: null, absorb: ['b', 'a'] }],
    ['an open master is joined', cand('c'), [cand('a', { hubStatus: 'merged' }), cand('m', { isMaster: true, hubStatus: 'allocated' })], settings, { kind: 'merge', masterId: 'm', absorb: ['c'] }],
    ['a master absorbs new partners', cand('m', { isMaster: true }), [cand('x'), cand('y', { hubStatus: 'picking' })], settings, { kind: 'merge', masterId: 'm', absorb: ['x'] }],
    ['a master alone stays as it is', cand('m', { isMaster: true }), [], settings, { kind: 'none', reason: 'nothing new to absorb' }],
    ['merging disabled', cand('b'), [cand('a')], { ...settings, enabled: false }, { kind: 'none', reason: 'merging is disabled for this seller' }],
    ['do-not-merge on the order', cand('b', { doNotMerge: true }), [cand('a')], settings, { kind: 'none', reason: 'do-not-merge flag' }],
    ['do-not-merge on the partner', cand('b'), [cand('a', { doNotMerge: true })], settings, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['partner released to the warehouse', cand('b'), [cand('a', { hubStatus: 'picking' })], settings, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['partner outside the window', cand('b', { placedAt: at(61) }), [cand('a')], settings, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['partner inside the window', cand('b', { placedAt: at(59) }), [cand('a')], settings, { kind: 'merge', masterId: null, absorb: ['b', 'a'] }],
    ['other shop with shop scope', cand('b'), [cand('a', { shopId: 's2' })], settings, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['other shop with platform scope', cand('b'), [cand('a', { shopId: 's2' })], { ...settings, scope: 'platform' }, { kind: 'merge', masterId: null, absorb: ['b', 'a'] }],
    ['other platform never', cand('b'), [cand('a', { shopId: 's2', platform: 'taobao' })], { ...settings, scope: 'platform' }, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['other address', cand('b'), [cand('a', { fingerprint: 'other' })], settings, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['other currency', cand('b'), [cand('a', { currency: 'EUR' })], settings, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['split children never merge back', cand('p-1', { splitFrom: 'p' }), [cand('p-2', { splitFrom: 'p' })], settings, { kind: 'none', reason: 'child of a split' }],
    ['cash on delivery never merges', cand('b'), [cand('a', { cod: true })], settings, { kind: 'none', reason: 'no other open order of this buyer and address' }],
    ['no fingerprint', cand('b', { fingerprint: null }), [cand('a')], settings, { kind: 'none', reason: 'no buyer identity or address' }],
  ];
  it.each(cases)('%s', (_name, current, others, s, expected) => {
    expect(planMerge(current, others, s)).toEqual(expected);
  });

  it('a manual merge ignores the window, the scope and the flag but not the address or the status', () => {
    const others = [cand('a', { placedAt: at(600), shopId: 's2', doNotMerge: true }), cand('z', { fingerprint: 'other' }), cand('y', { hubStatus: 'shipped' }), cand('h', { hubStatus: 'on_hold' })];
    expect(planMerge(cand('b', { doNotMerge: true }), others, { ...settings, enabled: false }, true)).toEqual({ kind: 'merge', masterId: null, absorb: ['b', 'a', 'h'] });
  });
});

describe('master amounts', () => {
  it.each([
    [['10.00', '2.5'], '12.50'],
    [['0.10', '0.20'], '0.30'],
    [['1.005', '2'], '3.005'],
    [['-1.50', '1.00'], '-0.50'],
  ])('adds %j exactly', (values, sum) => expect(addMoney(values)).toBe(sum));
  it.each([
    ['19.99', 3, '59.97'],
    ['0.1', 7, '0.70'],
    ['5', 0, '0.00'],
  ])('multiplies %s × %i exactly', (unit, q, total) => expect(lineAmount(unit, q)).toBe(total));
});
