import { describe, expect, it } from 'vitest';
import { planWriteback, pushFingerprint, type PlanCapabilities, type PlanParcel, type PlanStep, type PriorPush } from '../../src/domain/writeback-plan.js';

const lineLevel: PlanCapabilities = { partialShipment: true, multipleTrackingNumbers: true, updateTrackingLater: false };
const oneTracking: PlanCapabilities = { partialShipment: false, multipleTrackingNumbers: false, updateTrackingLater: false };
const notesOnly: PlanCapabilities = { partialShipment: false, multipleTrackingNumbers: true, updateTrackingLater: true };
const wholeLines: PlanCapabilities = { ...lineLevel, lineLevelOnly: true };

const order = { platformOrderId: 'O1', lines: [{ lineId: 'a', quantity: 2 }, { lineId: 'b', quantity: 1 }] };
const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 10, m));
function parcel(id: string, minute: number, lines: [string, string, number][]): PlanParcel {
  return { parcelId: id, trackingNumber: `T-${id}`, courierCode: 'ups', shippedAt: at(minute), lines: lines.map(([platformOrderId, lineId, quantity]) => ({ platformOrderId, lineId, quantity })) };
}
/** A compact view of a plan: "send p1 O1 a2,b1 partial" / "not_sent p2 O1 one_tracking_number_per_order". */
function brief(steps: PlanStep[]): string[] {
  return steps.map((s) => {
    if (s.action === 'send') return `send ${s.parcelId} ${s.platformOrderId} ${s.push.lines.map((l) => `${l.lineId}${l.quantity}`).join(',')}${s.push.partial ? ' partial' : ''}${s.update ? ' update' : ''}`;
    if (s.action === 'not_sent') return `not_sent ${s.parcelId} ${s.platformOrderId} ${s.reason}`;
    return `already_sent ${s.parcelId} ${s.platformOrderId}`;
  });
}
const split = [parcel('p1', 1, [['O1', 'a', 1]]), parcel('p2', 2, [['O1', 'a', 1], ['O1', 'b', 1]])];

describe('planWriteback', () => {
  const cases: { name: string; caps: PlanCapabilities; parcels: PlanParcel[]; orders?: typeof order[]; want: string[] }[] = [
    { name: 'one parcel, whole order', caps: lineLevel, parcels: [parcel('p1', 1, [['O1', 'a', 2], ['O1', 'b', 1]])], want: ['send p1 O1 a2,b1'] },
    { name: 'split order, line-level platform: each parcel with its lines', caps: lineLevel, parcels: split, want: ['send p1 O1 a1 partial', 'send p2 O1 a1,b1'] },
    { name: 'split order, parcels given out of time order', caps: lineLevel, parcels: [split[1]!, split[0]!], want: ['send p1 O1 a1 partial', 'send p2 O1 a1,b1'] },
    { name: 'split order, one-tracking platform: first parcel ships the order, second recorded not sent', caps: oneTracking, parcels: split, want: ['not_sent p2 O1 one_tracking_number_per_order', 'send p1 O1 a2,b1'] },
    { name: 'split order, tracking-notes platform: every parcel, the last completes', caps: notesOnly, parcels: split, want: ['send p1 O1 a1 partial', 'send p2 O1 a1,b1'] },
    { name: 'split inside a line on a whole-line platform', caps: wholeLines, parcels: [parcel('p1', 1, [['O1', 'a', 1]]), parcel('p2', 2, [['O1', 'a', 1]]), parcel('p3', 3, [['O1', 'b', 1]])], want: ['not_sent p2 O1 line_already_shipped_whole', 'send p1 O1 a1 partial', 'send p3 O1 b1 partial'] },
    {
      name: 'merged parcel of two platform orders: one push per order with the same tracking', caps: lineLevel,
      orders: [order, { platformOrderId: 'O2', lines: [{ lineId: 'x', quantity: 1 }] }],
      parcels: [parcel('m1', 1, [['O1', 'a', 2], ['O1', 'b', 1], ['O2', 'x', 1]])], want: ['send m1 O1 a2,b1', 'send m1 O2 x1'],
    },
    {
      name: 'merged parcel on a one-tracking platform still ships each order once', caps: oneTracking,
      orders: [order, { platformOrderId: 'O2', lines: [{ lineId: 'x', quantity: 1 }] }],
      parcels: [parcel('m1', 1, [['O1', 'a', 2], ['O1', 'b', 1], ['O2', 'x', 1]])], want: ['send m1 O1 a2,b1', 'send m1 O2 x1'],
    },
    { name: 'a line the order does not have', caps: lineLevel, parcels: [parcel('p1', 1, [['O1', 'zz', 1]])], want: ['not_sent p1 O1 unknown_line'] },
    { name: 'more than ordered', caps: lineLevel, parcels: [parcel('p1', 1, [['O1', 'a', 2]]), parcel('p2', 2, [['O1', 'a', 1]])], want: ['not_sent p2 O1 exceeds_ordered_quantity', 'send p1 O1 a2 partial'] },
    { name: 'a parcel of another order only', caps: lineLevel, parcels: [parcel('p9', 1, [['O9', 'a', 1]])], want: [] },
  ];
  it.each(cases)('$name', ({ caps, parcels, orders, want }) => {
    expect(brief(planWriteback({ capabilities: caps, orders: orders ?? [order], parcels, prior: [] }))).toEqual(want);
  });
});

describe('planWriteback with what was recorded before', () => {
  const sent = (parcelId: string, trackingNumber: string, state: PriorPush['state'] = 'sent'): PriorPush => ({ platformOrderId: 'O1', parcelId, trackingNumber, courierCode: 'ups', fingerprint: 'f', state });
  const cases: { name: string; caps: PlanCapabilities; prior: PriorPush[]; want: string[] }[] = [
    { name: 'a sent parcel is never sent again', caps: lineLevel, prior: [sent('p1', 'T-p1')], want: ['already_sent p1 O1', 'send p2 O1 a1,b1'] },
    { name: 'an attempt whose reply was lost is sent again (same fingerprint)', caps: lineLevel, prior: [sent('p1', 'T-p1', 'sending')], want: ['send p1 O1 a1 partial', 'send p2 O1 a1,b1'] },
    { name: 'one-tracking platform keeps the parcel it already used', caps: oneTracking, prior: [sent('p2', 'T-p2')], want: ['not_sent p1 O1 one_tracking_number_per_order', 'already_sent p2 O1'] },
    { name: 'changed tracking, platform cannot update', caps: lineLevel, prior: [sent('p1', 'OLD')], want: ['not_sent p1 O1 tracking_update_unsupported', 'send p2 O1 a1,b1'] },
    { name: 'changed tracking, platform can update', caps: notesOnly, prior: [sent('p1', 'OLD')], want: ['send p1 O1 a1 partial update', 'send p2 O1 a1,b1'] },
  ];
  it.each(cases)('$name', ({ caps, prior, want }) => {
    expect(brief(planWriteback({ capabilities: caps, orders: [order], parcels: split, prior }))).toEqual(want);
  });

  it('fingerprints what a push says, independent of line order, and changes with it', () => {
    const base = { platformOrderId: 'O1', shipmentId: 'p1', trackingNumber: 'T', courierCode: 'ups', partial: false, lines: [{ lineId: 'a', quantity: 1 }, { lineId: 'b', quantity: 2 }] };
    expect(pushFingerprint(base)).toBe(pushFingerprint({ ...base, lines: [...base.lines].reverse() }));
    expect(pushFingerprint(base)).not.toBe(pushFingerprint({ ...base, trackingNumber: 'T2' }));
    expect(pushFingerprint(base)).not.toBe(pushFingerprint({ ...base, lines: [{ lineId: 'a', quantity: 2 }, { lineId: 'b', quantity: 2 }] }));
  });
});
