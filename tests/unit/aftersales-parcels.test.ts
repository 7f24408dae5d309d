import { describe, expect, it } from 'vitest';
import { parcelsOf, returnableLines, shippedForAfterSales, type FamilyMember } from '../../src/domain/aftersales-parcels.js';
import { refundActionFor } from '../../src/domain/refund-interception.js';

const at = new Date('2026-01-01T00:00:00Z');
const parcel = (id: string, lines: [string, number][]) => ({ shipmentId: `${id}:1`, trackingNumber: `T-${id}`, courierCode: 'SF', shippedAt: at, lines: lines.map(([lineId, quantity]) => ({ lineId, quantity })) });
const parent: FamilyMember = { _id: 'P', hubStatus: 'split', lines: [{ lineId: 'L1' }, { lineId: 'L2' }], shipments: [] };
const child = (id: string, status: FamilyMember['hubStatus'], lineId: string, shipped: boolean): FamilyMember => ({
  _id: id, hubStatus: status, lines: [{ lineId, source: { orderId: 'P', lineId } }], shipments: shipped ? [parcel(id, [[lineId, 2]])] : [],
});

describe('after-sales parcels of split and merged orders', () => {
  it('maps the children\'s and the master\'s parcels back to the platform order\'s lines', () => {
    expect(parcelsOf('P', [parent, child('P-1', 'shipped', 'L1', true), child('P-2', 'allocated', 'L2', false)]).map((p) => [p.orderId, p.lines])).toEqual([['P-1', [{ lineId: 'L1', quantity: 2 }]]]);
    const master: FamilyMember = { _id: 'M', hubStatus: 'shipped', lines: [{ lineId: 'A:L1', source: { orderId: 'A', lineId: 'L1' } }, { lineId: 'B:L9', source: { orderId: 'B', lineId: 'L9' } }], shipments: [parcel('M', [['A:L1', 1], ['B:L9', 4]])] };
    const a: FamilyMember = { _id: 'A', hubStatus: 'merged', lines: [{ lineId: 'L1' }], shipments: [] };
    expect(parcelsOf('A', [a, master]).map((p) => [p.orderId, p.lines])).toEqual([['M', [{ lineId: 'L1', quantity: 1 }]]]);
    expect(shippedForAfterSales('A', [a, master])).toBe(true);
    expect(shippedForAfterSales('A', [a, { ...master, hubStatus: 'picking' }])).toBe(false);
  });
  it.each([
    [['shipped', 'shipped'], true],
    [['shipped', 'cancelled'], true],
    [['shipped', 'allocated'], false],
    [['cancelled', 'cancelled'], false],
  ] as const)('children %j → after shipment %s', (statuses, expected) => {
    expect(shippedForAfterSales('P', [parent, child('P-1', statuses[0], 'L1', true), child('P-2', statuses[1], 'L2', false)])).toBe(expected);
  });
  it('a return keeps to what shipped', () => {
    const ps = parcelsOf('P', [parent, child('P-1', 'shipped', 'L1', true)]);
    expect(returnableLines(ps)).toEqual([{ lineId: 'L1', quantity: 2 }]);
    expect(returnableLines(ps, [{ lineId: 'L1', quantity: 5 }, { lineId: 'L2', quantity: 1 }])).toEqual([{ lineId: 'L1', quantity: 2 }]);
  });
  it('a refund on a split or merged order whose parcels all shipped is after-sales', () => {
    expect(refundActionFor('split', true, { parcelsShipped: true })).toBe('after_sales');
    expect(refundActionFor('merged', false, { parcelsShipped: true })).toBe('after_sales');
    expect(refundActionFor('merged', false, { parcelsShipped: false })).toBe('unmerge');
  });
});
