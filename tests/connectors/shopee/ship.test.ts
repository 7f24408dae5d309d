import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import type { ShipmentPush } from '../../../connectors/types.js';
import { fakeOrder } from '../../fakes/shopee/state.js';
import { harness, T0, type Harness } from './setup.js';

let h: Harness;
afterEach(async () => h?.fake.close());

const parcel = (over: Partial<ShipmentPush>): ShipmentPush => ({
  platformOrderId: 'SPLIT0001', shipmentId: 'shp_a', trackingNumber: 'TRK-A', courierCode: 'jnt', courierName: 'J&T Express',
  lines: [{ lineId: '1000001:2000001', quantity: 2 }], partial: true, shippedAt: new Date(), ...over,
});

describe('shopee pushShipment', () => {
  it('declares one tracking number per order and no line-level fulfilment', async () => {
    h = await harness();
    expect(h.connector.capabilities).toMatchObject({ partialShipment: false, multipleTrackingNumbers: false, updateTrackingLater: false });
  });

  it('writes back a split order as Shopee allows: the first parcel ships the order once, retries are no-ops, a second tracking number is refused loudly', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('SPLIT0001', T0));
    const a = await h.connector.pushShipment(parcel({}));
    expect(a.platformShipmentId).toBe('SPLIT0001:TRK-A');
    expect(h.fake.state.shipCalls).toEqual([{ order_sn: 'SPLIT0001', non_integrated: { tracking_number: 'TRK-A' } }]);
    expect(h.fake.state.orders.get('SPLIT0001')?.order_status).toBe('PROCESSED');
    expect(h.warnings).toHaveLength(1); // the partial parcel marked the whole order shipped

    // A retry of the same parcel (e.g. the answer was lost) must not ship again.
    expect(await h.connector.pushShipment(parcel({}))).toEqual({ platformShipmentId: 'SPLIT0001:TRK-A' });
    // The second parcel cannot be told to Shopee: it is refused with a clear error, not dropped.
    const err = (await h.connector.pushShipment(parcel({ shipmentId: 'shp_b', trackingNumber: 'TRK-B', lines: [{ lineId: '1000002:0', quantity: 1 }], partial: false })).catch((e: unknown) => e)) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('invalid');
    expect(err.opts.platformCode).toBe('already_shipped');
    expect(err.message).toMatch(/TRK-A/);
    expect(h.fake.state.shipCalls).toHaveLength(1);
  });

  it('arranges a pickup on the pickup address with the recommended slot and reports Shopee’s tracking number', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('PICK0001', T0));
    h.fake.state.shipMode.set('PICK0001', 'pickup');
    const r = await h.connector.pushShipment(parcel({ platformOrderId: 'PICK0001', partial: false }));
    expect(h.fake.state.shipCalls).toEqual([{ order_sn: 'PICK0001', pickup: { address_id: 234, pickup_time_id: 'slot-2' } }]);
    expect(r.platformShipmentId).toBe('PICK0001:SPXMY00000001');
  });

  it('arranges a drop-off at the offered branch', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('DROP0001', T0));
    h.fake.state.shipMode.set('DROP0001', 'dropoff');
    await h.connector.pushShipment(parcel({ platformOrderId: 'DROP0001', partial: false }));
    expect(h.fake.state.shipCalls).toEqual([{ order_sn: 'DROP0001', dropoff: { branch_id: 77 } }]);
  });

  it('refuses to ship a cancelled order and reports an unknown one as not_found', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('CANC0001', T0, { order_status: 'CANCELLED' }));
    await expect(h.connector.pushShipment(parcel({ platformOrderId: 'CANC0001' }))).rejects.toMatchObject({ kind: 'invalid' });
    await expect(h.connector.pushShipment(parcel({ platformOrderId: 'NOPE0001' }))).rejects.toMatchObject({ kind: 'not_found' });
    expect(h.fake.state.shipCalls).toHaveLength(0);
  });
});
