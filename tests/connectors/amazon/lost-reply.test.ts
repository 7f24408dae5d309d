import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShipmentPush } from '../../../connectors/types.js';
import { minutesAgo, startHarness, type Harness } from './harness.js';

const ORDER = '113-5550002-0000002';

describe('amazon confirmShipment when the reply is lost after Amazon applied it', () => {
  let h: Harness;
  let lines: { a: string; b: string };
  beforeEach(async () => {
    h = await startHarness();
    const o = h.fake.state.addOrder(ORDER, { updatedAt: minutesAgo(h, 60), items: [{ sku: 'A', qty: 2, price: '5.00' }, { sku: 'B', qty: 1, price: '7.00' }] });
    lines = { a: String(o.items[0]!.OrderItemId), b: String(o.items[1]!.OrderItemId) };
  });
  afterEach(async () => { await h.fake.close(); });

  const parcel = (n: number, l: { lineId: string; quantity: number }[], partial: boolean): ShipmentPush => ({
    platformOrderId: ORDER, shipmentId: `shp-${n}`, trackingNumber: `1ZLOST${n}`, courierCode: 'ups', lines: l, partial, shippedAt: new Date('2025-03-10T09:00:00Z'),
  });
  const confirms = () => h.fake.state.calls.filter((c) => c.op === 'confirmShipment');

  for (const how of ['reset', 502] as const) {
    it(`reads the order items back instead of confirming again (${how}); the next package still goes`, async () => {
      h.fake.loseReply('confirmShipment', how);
      const r1 = await h.connector.pushShipment(parcel(1, [{ lineId: lines.a, quantity: 1 }], true));
      const r2 = await h.connector.pushShipment(parcel(2, [{ lineId: lines.a, quantity: 1 }, { lineId: lines.b, quantity: 1 }], false));
      const o = h.fake.state.orders.get(ORDER)!;
      expect(confirms()).toHaveLength(2);
      expect([...o.packages.values()].map((p) => p.trackingNumber)).toEqual(['1ZLOST1', '1ZLOST2']);
      expect(o.items.map((i) => i.QuantityShipped)).toEqual([2, 1]);
      expect(o.order.OrderStatus).toBe('Shipped');
      expect(r1.platformShipmentId).not.toBe(r2.platformShipmentId);
    });
  }

  it('sends again only after reading that a 503 left the items unshipped', async () => {
    h.fake.fail('confirmShipment', 503);
    await h.connector.pushShipment(parcel(1, [{ lineId: lines.b, quantity: 1 }], true));
    expect(h.fake.state.calls.map((c) => c.op).filter((op) => op !== 'lwaToken')).toEqual(['getOrderItems', 'confirmShipment', 'getOrderItems', 'confirmShipment']);
    expect(h.fake.state.orders.get(ORDER)!.packages.size).toBe(1);
  });
});
