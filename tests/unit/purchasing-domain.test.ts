import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from '../../src/domain/purchasing-money.js';
import { checkReceipt, foldLineTotals, maxAcceptable } from '../../src/domain/purchasing-receipt.js';
import { canDo, poStatuses, statusAfterReceipt } from '../../src/domain/purchasing-status.js';

describe('PO status table', () => {
  it.each([
    ['draft', 'approve', true], ['draft', 'receive', false], ['approved', 'receive', true], ['approved', 'cancel', true],
    ['partially_received', 'cancel', false], ['partially_received', 'close', true], ['received', 'receive', true],
    ['closed', 'receive', false], ['cancelled', 'approve', false], ['closed', 'close', false],
  ] as const)('%s can %s: %s', (status, action, expected) => {
    expect(canDo(status, action)).toBe(expected);
  });
  it('terminal statuses allow nothing', () => {
    for (const s of poStatuses) if (s === 'closed' || s === 'cancelled') expect(['approve', 'receive', 'close', 'cancel', 'edit'].some((a) => canDo(s, a as never))).toBe(false);
  });
  it('the status after a receipt follows accepted quantities; rejected goods do not fulfil a line', () => {
    expect(statusAfterReceipt([{ quantity: 10, acceptedQty: 0, rejectedQty: 0 }])).toBe('approved');
    expect(statusAfterReceipt([{ quantity: 10, acceptedQty: 0, rejectedQty: 10 }])).toBe('partially_received');
    expect(statusAfterReceipt([{ quantity: 10, acceptedQty: 10, rejectedQty: 2 }, { quantity: 5, acceptedQty: 4, rejectedQty: 0 }])).toBe('partially_received');
    expect(statusAfterReceipt([{ quantity: 10, acceptedQty: 11, rejectedQty: 0 }, { quantity: 5, acceptedQty: 5, rejectedQty: 0 }])).toBe('received');
  });
});

describe('receipt checks', () => {
  const lines = [{ lineId: 'L1', skuCode: 'A', quantity: 100, acceptedQty: 90, rejectedQty: 0, returnedQty: 0 }];
  it('tolerance floors to whole units', () => {
    expect(maxAcceptable(100, 0.05)).toBe(105);
    expect(maxAcceptable(10, 0.05)).toBe(10);
    expect(maxAcceptable(3, 0)).toBe(3);
    expect(maxAcceptable(20, 0.05)).toBe(21);
  });
  it('accepts within the tolerance, refuses beyond it, summing lots of one line', () => {
    expect(checkReceipt(lines, [{ lineId: 'L1', receivedQty: 15, acceptedQty: 15, rejectedQty: 0 }], 0.05)).toEqual([]);
    const over = checkReceipt(lines, [
      { lineId: 'L1', receivedQty: 10, acceptedQty: 10, rejectedQty: 0, lot: 'A' },
      { lineId: 'L1', receivedQty: 6, acceptedQty: 6, rejectedQty: 0, lot: 'B' },
    ], 0.05);
    expect(over).toEqual([{ code: 'OVER_RECEIPT', lineId: 'L1', skuCode: 'A', ordered: 100, alreadyAccepted: 90, accepting: 16, maxAcceptable: 105 }]);
  });
  it('rejected quantities do not count toward over-receipt', () => {
    expect(checkReceipt(lines, [{ lineId: 'L1', receivedQty: 40, acceptedQty: 10, rejectedQty: 30, rejectReason: 'wet' }], 0)).toEqual([]);
  });
  it('reports counts that do not add up, missing reasons, unknown, empty and duplicate lines', () => {
    const codes = checkReceipt(lines, [
      { lineId: 'L1', receivedQty: 5, acceptedQty: 3, rejectedQty: 1, rejectReason: ' ' },
      { lineId: 'L1', receivedQty: 0, acceptedQty: 0, rejectedQty: 0 },
      { lineId: 'L7', receivedQty: 1, acceptedQty: 1, rejectedQty: 0 },
    ], 0).map((p) => p.code);
    expect(codes.sort()).toEqual(['COUNT_MISMATCH', 'DUPLICATE_LINE', 'EMPTY_LINE', 'REASON_REQUIRED', 'UNKNOWN_LINE']);
  });
  it('folds totals from receipts and returns, ignoring lines the PO does not have', () => {
    const t = foldLineTotals(['L1', 'L2'], [
      { lines: [{ lineId: 'L1', acceptedQty: 5, rejectedQty: 2 }, { lineId: 'L2', acceptedQty: 1, rejectedQty: 0 }] },
      { lines: [{ lineId: 'L1', acceptedQty: 3, rejectedQty: 1 }, { lineId: 'LX', acceptedQty: 9, rejectedQty: 9 }] },
    ], [{ lines: [{ lineId: 'L1', quantity: 2 }] }]);
    expect(t.get('L1')).toEqual({ acceptedQty: 8, rejectedQty: 3, returnedQty: 2 });
    expect(t.get('L2')).toEqual({ acceptedQty: 1, rejectedQty: 0, returnedQty: 0 });
    expect(t.has('LX')).toBe(false);
  });
});

describe('money', () => {
  it.each([['0', 0], ['12.5', 1250], ['12.50', 1250], ['0.01', 1], ['999999.99', 99999999]])('%s → %d minor units and back', (s, m) => {
    expect(toMinor(s)).toBe(m);
    expect(toMinor(fromMinor(m))).toBe(m);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['-1', '1.001', 'abc', '', '1e3']) expect(() => toMinor(bad)).toThrow(RangeError);
  });
  it('formats negatives (a credit) too', () => expect(fromMinor(-105)).toBe('-1.05'));
});
