import { describe, expect, it } from 'vitest';
import { fromMinor, lineAmountMinor, MAX_AMOUNT_MINOR, toMinor } from '../../src/domain/purchasing-money.js';
import { payableHeadroom, summarizePayables, type PayableInput } from '../../src/domain/purchasing-payables.js';
import { rankSuppliers, scoreSupplier } from '../../src/domain/purchasing-score.js';

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const base: PayableInput = {
  terms: { type: 'net', days: 30 },
  status: 'partially_received',
  lines: [{ lineId: 'L1', quantity: 10, unitPriceMinor: 1000 }, { lineId: 'L2', quantity: 4, unitPriceMinor: 250 }],
  receipts: [
    { id: 'r1', receivedAt: day('2025-01-01'), lines: [{ lineId: 'L1', acceptedQty: 6 }] },
    { id: 'r2', receivedAt: day('2025-01-20'), lines: [{ lineId: 'L1', acceptedQty: 2 }, { lineId: 'L2', acceptedQty: 4 }] },
  ],
  invoicedMinor: 0n,
  paidMinor: 0n,
  now: day('2025-02-05'),
};

describe('payables per terms', () => {
  it('net 30: each receipt falls due 30 days after it arrived', () => {
    const s = summarizePayables(base);
    expect(s).toMatchObject({ orderedMinor: 11000n, receivedMinor: 9000n, outstandingMinor: 9000n, dueMinor: 6000n });
    expect(s.schedule.map((e) => [e.source.id, e.amountMinor, e.dueDate.toISOString().slice(0, 10)])).toEqual([['r1', 6000n, '2025-01-31'], ['r2', 3000n, '2025-02-19']]);
  });
  it('payments reduce what is due first, then what is outstanding', () => {
    const s = summarizePayables({ ...base, paidMinor: 7000n });
    expect(s).toMatchObject({ outstandingMinor: 2000n, dueMinor: 0n });
    expect(payableHeadroom(s)).toBe(2000n);
  });
  it('on receipt: everything received is due at once', () => {
    expect(summarizePayables({ ...base, terms: { type: 'on_receipt', days: 0 } }).dueMinor).toBe(9000n);
  });
  it('prepaid: the ordered value is owed from approval while the PO is open, then only what was received', () => {
    const open = summarizePayables({ ...base, terms: { type: 'prepaid', days: 0 }, approvedAt: day('2024-12-20') });
    expect(open).toMatchObject({ outstandingMinor: 11000n, dueMinor: 11000n });
    const closed = summarizePayables({ ...base, status: 'closed', terms: { type: 'prepaid', days: 0 }, paidMinor: 11000n });
    expect(closed.outstandingMinor).toBe(-2000n); // a credit with the supplier
    expect(payableHeadroom(closed)).toBe(0n);
  });
  it('quantity × price and the sums are exact at the schema limits (BigInt minor units)', () => {
    const maxPrice = MAX_AMOUNT_MINOR; // 9999999999.99
    const lines = Array.from({ length: 200 }, (_, i) => ({ lineId: `L${i}`, quantity: 10_000_000, unitPriceMinor: maxPrice }));
    const s = summarizePayables({ ...base, lines, receipts: [{ id: 'r1', receivedAt: day('2025-01-01'), lines: [{ lineId: 'L0', acceptedQty: 10_000_000 }] }] });
    expect(fromMinor(s.orderedMinor)).toBe('19999999999980000000.00');
    expect(fromMinor(s.receivedMinor)).toBe('99999999999900000.00');
    expect(fromMinor(lineAmountMinor(10_000_000, maxPrice))).toBe('99999999999900000.00');
  });
  it('fromMinor prints every amount as a plain decimal string', () => {
    expect(fromMinor(0)).toBe('0.00');
    expect(fromMinor(5)).toBe('0.05');
    expect(fromMinor(-1234)).toBe('-12.34');
    expect(fromMinor(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(fromMinor(10n ** 30n + 1n)).toBe('10000000000000000000000000000.01');
    expect(toMinor('9999999999.99')).toBe(MAX_AMOUNT_MINOR);
    expect(() => toMinor('99999999999.99')).toThrow(RangeError);
  });
  it('an invoice above what was received raises how much may be paid', () => {
    expect(payableHeadroom(summarizePayables({ ...base, invoicedMinor: 9500n }))).toBe(9500n);
  });
});

describe('supplier score', () => {
  const rec = (o: Partial<Parameters<typeof scoreSupplier>[0][number]> = {}) => ({
    quotedPriceMinor: 100, unitPriceMinor: 100, expectedDate: day('2025-01-10'), receivedAt: new Date('2025-01-10T15:00:00Z'), receivedQty: 10, rejectedQty: 0, ...o,
  });
  it('no history is unknown, not bad', () => {
    expect(scoreSupplier([])).toMatchObject({ score: null, deliveries: 0 });
  });
  it('a perfect record scores 100; delivery on the expected day is on time', () => {
    expect(scoreSupplier([rec(), rec()]).score).toBe(100);
  });
  it('late deliveries, rejections and prices above quote lower it', () => {
    const s = scoreSupplier([rec({ receivedAt: day('2025-01-12') }), rec({ rejectedQty: 5 }), rec({ unitPriceMinor: 125 })]);
    expect(s).toMatchObject({ onTimeRate: 0.667, rejectionRate: 0.167, priceVsQuote: 0.933 });
    expect(s.score).toBeLessThan(100);
    expect(s.score).toBeGreaterThan(70);
  });
  it('missing components are left out of the weighting', () => {
    expect(scoreSupplier([rec({ quotedPriceMinor: null, expectedDate: null, rejectedQty: 10 })]).score).toBe(0);
  });
  it('ranks by score (unknown as 50), then price, then lead time', () => {
    const ranked = rankSuppliers([
      { id: 'a', score: null, unitPriceMinor: 100, leadTimeDays: 5 },
      { id: 'b', score: 90, unitPriceMinor: 200, leadTimeDays: 5 },
      { id: 'c', score: null, unitPriceMinor: 100, leadTimeDays: 2 },
      { id: 'd', score: 40, unitPriceMinor: 1, leadTimeDays: 1 },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']);
  });
});
