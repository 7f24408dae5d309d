import { describe, expect, it } from 'vitest';
import type { OrderDoc, ShipmentRecord } from '../../src/db/models/order.model.js';
import { planWriteback, type PlanCapabilities, type PlanStep } from '../../src/domain/writeback-plan.js';
import { planInputFor } from '../../src/services/writeback-input.js';

/**
 * A platform order P1 (lines a ×1, b ×2) split by the hub into two children, each shipping its own lines.
 * "Partial" is relative to P1, and the children see each other's parcels.
 */
type Line = OrderDoc['lines'][number];
const line = (lineId: string, quantity: number, source?: Line['source']): Line => ({ lineId, quantity, refundedQuantity: 0, unitPrice: '1.00', ...(source ? { source } : {}) }) as Line;
const src = (lineId: string): Line['source'] => ({ orderId: 'parent', platformOrderId: 'P1', shopId: 's1', lineId });
const shipment = (id: string, minute: number, lines: { lineId: string; quantity: number }[], pushes?: ShipmentRecord['pushes']): ShipmentRecord => ({
  shipmentId: id, trackingNumber: `T-${id}`, courierCode: 'ups', shippedAt: new Date(Date.UTC(2026, 0, 1, 10, minute)), lines, push: { state: 'pending', attempts: 0 }, ...(pushes ? { pushes } : {}),
});
const doc = (over: Partial<OrderDoc>): OrderDoc => ({ _id: 'x', sellerId: 's', shopId: 's1', platformOrderId: 'P1', lines: [], shipments: [], ...over }) as OrderDoc;

const parent = doc({ _id: 'parent', platformOrderId: 'P1', lines: [line('a', 1), line('b', 2)], children: ['parent-1', 'parent-2'] });
const child1 = doc({ _id: 'parent-1', platformOrderId: 'P1#1', lines: [line('a', 1, src('a'))], shipments: [shipment('c1:1', 1, [{ lineId: 'a', quantity: 1 }])] });
const child2 = doc({ _id: 'parent-2', platformOrderId: 'P1#2', lines: [line('b', 2, src('b'))], shipments: [shipment('c2:1', 2, [{ lineId: 'b', quantity: 2 }])] });

const brief = (steps: PlanStep[], parcelId: string) => steps.filter((s) => s.parcelId === parcelId).map((s) =>
  s.action === 'send' ? `send ${s.push.lines.map((l) => `${l.lineId}${l.quantity}`).join(',')}${s.push.partial ? ' partial' : ''}` : s.action === 'not_sent' ? `not_sent ${s.reason}` : s.action);
const plan = (o: OrderDoc, caps: PlanCapabilities, related: OrderDoc[]) => planWriteback(planInputFor(o, caps, related));

describe('write-back input of a split child', () => {
  const taobao: PlanCapabilities = { partialShipment: true, multipleTrackingNumbers: true, updateTrackingLater: false, lineLevelOnly: true };
  const notes: PlanCapabilities = { partialShipment: false, multipleTrackingNumbers: true, updateTrackingLater: false };
  const oneTracking: PlanCapabilities = { partialShipment: false, multipleTrackingNumbers: false, updateTrackingLater: false };

  it('Taobao: each child\'s parcel is partial relative to the platform order (a split consign of its own sub-orders)', () => {
    expect(brief(plan(child1, taobao, [parent, child2]), 'c1:1')).toEqual(['send a1 partial']);
    expect(brief(plan(child2, taobao, [parent, child1]), 'c2:1')).toEqual(['send b2 partial']);
  });

  it('without the related orders (the old input) the child looked complete', () => {
    expect(brief(plan(child1, taobao, []), 'c1:1')).toEqual(['send a1']);
  });

  it('notes platform (WooCommerce): the first child is partial, the last child completes the order', () => {
    expect(brief(plan(child1, notes, [parent, child2]), 'c1:1')).toEqual(['send a1 partial']);
    expect(brief(plan(child2, notes, [parent, child1]), 'c2:1')).toEqual(['send b2']);
  });

  it('one tracking number per order (Shopee, Pinduoduo): the sibling that shipped first ships the order, the other is not sent', () => {
    const sent = doc({ ...child1, shipments: [shipment('c1:1', 1, [{ lineId: 'a', quantity: 1 }], [{ platformOrderId: 'P1', state: 'sent', trackingNumber: 'T-c1:1', courierCode: 'ups', attempts: 1, at: new Date() }])] });
    expect(brief(plan(sent, oneTracking, [parent, child2]), 'c1:1')).toEqual(['already_sent']);
    expect(brief(plan(child2, oneTracking, [parent, sent]), 'c2:1')).toEqual(['not_sent one_tracking_number_per_order']);
  });
});
