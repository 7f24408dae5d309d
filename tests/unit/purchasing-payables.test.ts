import { describe, expect, it } from 'vitest';
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
  invoicedMinor: 0,
  paidMinor: 0,
  now: day('2025-02-05'),
};

describe('payables per terms', () => {
  it('net 30: each receipt falls due 30 days after it arrived', () => {
    const s = summarizePayables(base);
    expect(s).toMatchObject({ orderedMinor: 11000, receivedMinor: 9000, outstandingMinor: 9000, dueMinor: 6000 });
    expect(s.schedule.map((e) => [e.source.id, e.amountMinor, e.dueDate.toISOString().slice(0, 10)])).toEqual([['r1', 6000, '2025-01-31'], ['r2', 3000, '2025-02-19']]);
  });
  it('payments reduce what is due first, then what is outstanding', () => {
    const s = summarizePayables({ ...base, paidMinor: 7000 });
    expect(s).toMatchObject({ outstandingMinor: 2000, dueMinor: 0 });
    expect(payableHeadroom(s)).toBe(2000);
  });
  it('on receipt: everything received is due at once', () => {
    expect(summarizePayables({ ...base, terms: { type: 'on_receipt', days: 0 } }).dueMinor).toBe(9000);
  });
  it('prepaid: the ordered value is owed from approval while the PO is open, then only what was received', () => {
    const open = summarizePayables({ ...base, terms: { type: 'prepaid', days: 0 }, approvedAt: day('2024-12-20') });
    expect(open).toMatchObject({ outstandingMinor: 11000, dueMinor: 11000 });
    const closed = summarizePayables({ ...base, status: 'closed', terms: { type: 'prepaid', days: 0 }, paidMinor: 11000 });
    expect(closed.outstandingMinor).toBe(-2000); // a credit with the supplier
    expect(payableHeadroom(closed)).toBe(0);
  });
  it('an invoice above what was received raises how much may be paid', () => {
    expect(payableHeadroom(summarizePayables({ ...base, invoicedMinor: 9500 }))).toBe(9500);
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
