import { describe, expect, it } from 'vitest';
import { nextPullWindow } from '../../src/domain/sync-window.js';
import { applyRefundLines } from '../../src/services/ingest-refunds.js';

describe('nextPullWindow', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('overlaps the last window and ends where the platform has settled', () => {
    const w = nextPullWindow({ now, syncedUntil: new Date('2026-01-01T11:50:00Z'), overlapSeconds: 120, settleLagSeconds: 60, initialLookbackSeconds: 86400 });
    expect(w).toEqual({ since: new Date('2026-01-01T11:48:00Z'), until: new Date('2026-01-01T11:59:00Z') });
  });
  it('starts from the initial look-back on a first sync', () => {
    const w = nextPullWindow({ now, overlapSeconds: 120, settleLagSeconds: 0, initialLookbackSeconds: 3600 });
    expect(w.since).toEqual(new Date('2026-01-01T11:00:00Z'));
  });
});

describe('applyRefundLines', () => {
  const lines = [
    { lineId: 'a', quantity: 2, unitPrice: '1', refundedQuantity: 0 },
    { lineId: 'b', quantity: 1, unitPrice: '1', refundedQuantity: 0 },
  ];
  const base = { platformRefundId: 'r', platformOrderId: 'o', state: 'succeeded' as const, platformUpdatedAt: new Date() };
  it('a refund without lines refunds everything', () => {
    expect(applyRefundLines(lines, base)).toMatchObject({ full: true });
  });
  it('a partial refund affects only its lines and never exceeds the quantity', () => {
    const r = applyRefundLines(lines, { ...base, lines: [{ lineId: 'a', quantity: 5 }] });
    expect(r.full).toBe(false);
    expect(r.lines.map((l) => l.refundedQuantity)).toEqual([2, 0]);
  });
});
