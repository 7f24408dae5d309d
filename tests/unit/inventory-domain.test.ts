import { describe, expect, it } from 'vitest';
import { applyInspection, nextStatus, ticketLines } from '../../src/domain/inventory-aftersales.js';
import { decideAlert, suggestReplenishment } from '../../src/domain/inventory-alerts.js';
import { pickFefo } from '../../src/domain/inventory-lots.js';
import { stocktakeAdjustment, varianceLines } from '../../src/domain/inventory-stocktake.js';
import { applyReceipt, closeWithDiscrepancy, outstanding } from '../../src/domain/inventory-transfer.js';

describe('stocktake variance', () => {
  const lines = [{ skuCode: 'A', snapshotOnHand: 10, snapshotSeq: 3 }, { skuCode: 'B', snapshotOnHand: 4, snapshotSeq: 1 }];
  it('adds counters, replays scans and recounts in order', () => {
    const v = varianceLines(lines, [
      { skuCode: 'A', counter: 'ann', mode: 'add', quantity: 1 },
      { skuCode: 'A', counter: 'ann', mode: 'add', quantity: 1 },
      { skuCode: 'A', counter: 'bob', mode: 'add', quantity: 5 },
      { skuCode: 'A', counter: 'ann', mode: 'set', quantity: 3 },
    ]);
    expect(v[0]).toMatchObject({ skuCode: 'A', counted: 8, variance: -2, counters: ['ann', 'bob'] });
    expect(v[1]).toMatchObject({ skuCode: 'B', counted: null, variance: null });
  });
  it('posts counted − snapshot; uncounted lines only when counted as zero', () => {
    const [a, b] = varianceLines(lines, [{ skuCode: 'A', counter: 'x', mode: 'set', quantity: 12 }]);
    expect(stocktakeAdjustment(a!, false)).toBe(2);
    expect(stocktakeAdjustment(b!, false)).toBe(0);
    expect(stocktakeAdjustment(b!, true)).toBe(-4);
  });
});

describe('transfer receipts', () => {
  const lines = [{ skuCode: 'A', quantity: 10, shipped: 10, received: 0, discrepancy: 0 }];
  it('receives in parts and refuses more than is in transit or unknown SKUs', () => {
    const first = applyReceipt(lines, [{ skuCode: 'A', quantity: 6 }]);
    expect(first).toMatchObject({ ok: true, status: 'partially_received' });
    if (!first.ok) return;
    expect(applyReceipt(first.lines, [{ skuCode: 'A', quantity: 5 }])).toMatchObject({ ok: false, code: 'OVER_QUANTITY', outstanding: 4 });
    expect(applyReceipt(first.lines, [{ skuCode: 'Z', quantity: 1 }])).toMatchObject({ ok: false, code: 'NOT_IN_DOCUMENT' });
    expect(applyReceipt(first.lines, [{ skuCode: 'A', quantity: 4 }])).toMatchObject({ ok: true, status: 'received' });
    const closed = closeWithDiscrepancy(first.lines);
    expect(closed.discrepancies).toEqual([{ skuCode: 'A', quantity: 4 }]);
    expect(outstanding(closed.lines[0]!)).toBe(0);
  });
});

describe('low-stock alerts', () => {
  it('raises once below, re-arms at or above', () => {
    expect(decideAlert(4, 5, false)).toBe('raise');
    expect(decideAlert(3, 5, true)).toBe('none');
    expect(decideAlert(5, 5, true)).toBe('resolve');
    expect(decideAlert(9, 5, false)).toBe('none');
  });
  it('suggests from velocity and lead time, by transfer when another warehouse can spare it', () => {
    const base = { available: 2, threshold: 5, dailyVelocity: 1, leadTimeDays: 7, coverDays: 7, incoming: 3, donors: [] };
    expect(suggestReplenishment(base)).toMatchObject({ kind: 'purchase', quantity: 14 + 5 - 2 - 3 });
    expect(suggestReplenishment({ ...base, donors: [{ warehouseId: 'w2', surplus: 100 }] })).toMatchObject({ kind: 'transfer', fromWarehouseId: 'w2', quantity: 14 });
    expect(suggestReplenishment({ ...base, dailyVelocity: 0, incoming: 10 })).toMatchObject({ kind: 'none', quantity: 0 });
  });
});

describe('FEFO', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const lots = [
    { lotNumber: 'L3', expiresAt: null, quantity: 50 },
    { lotNumber: 'L2', expiresAt: new Date('2026-06-01'), quantity: 5 },
    { lotNumber: 'L1', expiresAt: new Date('2026-04-01'), quantity: 3 },
    { lotNumber: 'L0', expiresAt: new Date('2026-02-01'), quantity: 9 },
  ];
  it('picks the first expiry first, skips expired lots, no-expiry last', () => {
    expect(pickFefo(lots, 10, now).picks.map((p) => [p.lotNumber, p.quantity])).toEqual([['L1', 3], ['L2', 5], ['L3', 2]]);
    expect(pickFefo(lots.slice(1), 10, now).short).toBe(2);
  });
});

describe('after-sales', () => {
  const order = [{ lineId: 'l1', skuCode: 'A', quantity: 2 }, { lineId: 'l2', quantity: 1 }];
  it('validates ticket lines against the order', () => {
    expect(ticketLines(order, [{ lineId: 'l1', quantity: 2 }])).toMatchObject({ ok: true });
    expect(ticketLines(order, [{ lineId: 'l1', quantity: 3 }])).toMatchObject({ ok: false });
    expect(ticketLines(order, [{ lineId: 'l2', quantity: 1 }])).toMatchObject({ ok: false });
    expect(ticketLines(order, [{ lineId: 'zz', quantity: 1 }])).toMatchObject({ ok: false });
  });
  it('splits an inspection into sellable, damaged and missing', () => {
    const lines = [{ lineId: 'l1', skuCode: 'A', quantity: 3, sellable: 0, damaged: 0, missing: 0 }];
    expect(applyInspection(lines, [{ lineId: 'l1', sellable: 1, damaged: 1 }])).toMatchObject({ ok: true, missing: 1, lines: [{ sellable: 1, damaged: 1, missing: 1 }] });
    expect(applyInspection(lines, [{ lineId: 'l1', sellable: 3, damaged: 1 }])).toMatchObject({ ok: false });
    expect(nextStatus('exchange', { received: true, replacement: false })).toBe('received');
    expect(nextStatus('exchange', { received: true, replacement: true })).toBe('completed');
    expect(nextStatus('resend', { received: false, replacement: true })).toBe('completed');
  });
});
