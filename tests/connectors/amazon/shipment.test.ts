import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carrierOf, packageReferenceOf } from '../../../connectors/amazon/shipment.js';
import type { ShipmentPush } from '../../../connectors/types.js';
import { minutesAgo, startHarness, type Harness } from './harness.js';

const ORDER = '113-5550001-0000001';

describe('amazon confirmShipment write-back', () => {
  let h: Harness;
  let lines: { a: string; b: string };
  beforeEach(async () => {
    h = await startHarness();
    const o = h.fake.state.addOrder(ORDER, { updatedAt: minutesAgo(h, 60), items: [{ sku: 'A', qty: 2, price: '5.00' }, { sku: 'B', qty: 1, price: '7.00' }] });
    lines = { a: String(o.items[0]!.OrderItemId), b: String(o.items[1]!.OrderItemId) };
  });
  afterEach(async () => { await h.fake.close(); });

  const parcel = (shipmentId: string, tracking: string, l: { lineId: string; quantity: number }[], partial: boolean, courier = 'ups'): ShipmentPush => ({
    platformOrderId: ORDER, shipmentId, trackingNumber: tracking, courierCode: courier, lines: l, partial, shippedAt: new Date('2025-03-10T09:00:00Z'),
  });

  it('confirms a split order package by package, line- and quantity-level, each with its own tracking number', async () => {
    const c = h.connector;
    expect(c.capabilities).toMatchObject({ partialShipment: true, multipleTrackingNumbers: true, updateTrackingLater: false });
    const r1 = await c.pushShipment(parcel('shp-1', '1Z999AA10123456784', [{ lineId: lines.a, quantity: 1 }], true));
    expect(h.fake.state.orders.get(ORDER)!.order.OrderStatus).toBe('PartiallyShipped');
    const r2 = await c.pushShipment(parcel('shp-2', '1Z999AA10123456785', [{ lineId: lines.a, quantity: 1 }, { lineId: lines.b, quantity: 1 }], false));
    const o = h.fake.state.orders.get(ORDER)!;
    expect(o.order.OrderStatus).toBe('Shipped');
    expect(r1.platformShipmentId).not.toBe(r2.platformShipmentId);
    const packages = [...o.packages.values()];
    expect(packages).toEqual([
      { packageReferenceId: packageReferenceOf('shp-1'), carrierCode: 'UPS', trackingNumber: '1Z999AA10123456784', shipDate: '2025-03-10T09:00:00.000Z', orderItems: [{ orderItemId: lines.a, quantity: 1 }] },
      {
        packageReferenceId: packageReferenceOf('shp-2'), carrierCode: 'UPS', trackingNumber: '1Z999AA10123456785', shipDate: '2025-03-10T09:00:00.000Z',
        orderItems: [{ orderItemId: lines.a, quantity: 1 }, { orderItemId: lines.b, quantity: 1 }],
      },
    ]);
    expect(h.limiter.acquired.filter((a) => a.key === 'amazon:shop-amz:confirmShipment')).toHaveLength(2);
  });

  it('a retried package is the same package (stable packageReferenceId), so nothing ships twice', async () => {
    const p = parcel('shp-1', 'TRACK-1', [{ lineId: lines.a, quantity: 2 }], true);
    await h.connector.pushShipment(p);
    await h.connector.pushShipment(p);
    const o = h.fake.state.orders.get(ORDER)!;
    expect(o.packages.size).toBe(1);
    expect(o.items[0]!.QuantityShipped).toBe(2);
    expect(packageReferenceOf('shp-1')).toMatch(/^[1-9]\d*$/);
  });

  it('shipping more than was ordered is refused as invalid (not retried)', async () => {
    await expect(h.connector.pushShipment(parcel('shp-9', 'T', [{ lineId: lines.b, quantity: 2 }], false)))
      .rejects.toMatchObject({ kind: 'invalid', retryable: false, opts: { status: 400, platformCode: 'InvalidInput' } });
    expect(h.fake.state.calls.filter((c) => c.op === 'confirmShipment')).toHaveLength(1);
  });

  it('an unknown order is not_found; a package without items is refused before calling Amazon', async () => {
    await expect(h.connector.pushShipment({ ...parcel('s', 'T', [{ lineId: lines.a, quantity: 1 }], true), platformOrderId: '999-0000000-0000000' }))
      .rejects.toMatchObject({ kind: 'not_found' });
    await expect(h.connector.pushShipment(parcel('s', 'T', [], false))).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('sends an unknown courier as carrierCode Other with its name', async () => {
    expect(carrierOf('fedex')).toEqual({ carrierCode: 'FedEx' });
    expect(carrierOf('royal-mail')).toEqual({ carrierCode: 'Royal Mail' });
    expect(carrierOf('zto', 'ZTO Express')).toEqual({ carrierCode: 'Other', carrierName: 'ZTO Express' });
    await h.connector.pushShipment({ ...parcel('shp-z', 'ZT1', [{ lineId: lines.b, quantity: 1 }], true, 'zto'), courierName: 'ZTO Express' });
    expect([...h.fake.state.orders.get(ORDER)!.packages.values()][0]).toMatchObject({ carrierCode: 'Other', carrierName: 'ZTO Express' });
  });
});
