import { afterEach, describe, expect, it } from 'vitest';
import type { ShipmentPush } from '../../../connectors/types.js';
import { makeOrder } from '../../fakes/shopify/fixtures.js';
import type { FakeShopify } from '../../fakes/shopify/server.js';
import { startShop } from './harness.js';

let fake: FakeShopify | undefined;
afterEach(async () => fake?.stop());

const parcel = (p: Partial<ShipmentPush> & Pick<ShipmentPush, 'shipmentId' | 'trackingNumber' | 'lines'>): ShipmentPush => ({
  platformOrderId: '7001', courierCode: 'ups', courierName: 'UPS', partial: true, shippedAt: new Date('2024-06-02T09:00:00Z'), ...p,
});

describe('Shopify pushShipment (fulfillment orders)', () => {
  it('writes a split order back as one fulfilment per parcel, line- and quantity-level', async () => {
    const shop = await startShop();
    fake = shop.fake;
    const order = makeOrder({ id: '7001', updatedAt: '2024-06-01T00:00:00Z', lineCount: 3 }); // lines 70011 ×1, 70012 ×2, 70013 ×3
    fake.state.put(order);
    const a = await shop.connector.pushShipment(parcel({ shipmentId: 'shp-A', trackingNumber: '1Z999AA10123456784', lines: [{ lineId: '70011', quantity: 1 }, { lineId: '70012', quantity: 1 }] }));
    expect(order.displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
    const b = await shop.connector.pushShipment(parcel({ shipmentId: 'shp-B', trackingNumber: '1Z999AA10123456785', lines: [{ lineId: '70012', quantity: 1 }, { lineId: '70013', quantity: 3 }], partial: false }));
    expect(a.platformShipmentId).not.toBe(b.platformShipmentId);
    const creates = fake.callsOf('HubFulfil').map((c) => c.variables.fulfillment);
    expect(creates).toEqual([
      {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/970010', fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/870011', quantity: 1 }, { id: 'gid://shopify/FulfillmentOrderLineItem/870012', quantity: 1 }] }],
        trackingInfo: { number: '1Z999AA10123456784', company: 'UPS' },
        notifyCustomer: true,
      },
      {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/970010', fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/870012', quantity: 1 }, { id: 'gid://shopify/FulfillmentOrderLineItem/870013', quantity: 3 }] }],
        trackingInfo: { number: '1Z999AA10123456785', company: 'UPS' },
        notifyCustomer: true,
      },
    ]);
    expect(order.displayFulfillmentStatus).toBe('FULFILLED');
    expect(order.fulfillments.map((f) => f.trackingInfo[0]!.number)).toEqual(['1Z999AA10123456784', '1Z999AA10123456785']);
  });

  it('does not ship twice when a parcel is pushed again', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.state.put(makeOrder({ id: '7001', updatedAt: '2024-06-01T00:00:00Z', lineCount: 2 }));
    const p = parcel({ shipmentId: 'shp-A', trackingNumber: 'TRK-1', lines: [{ lineId: '70012', quantity: 2 }] });
    const first = await shop.connector.pushShipment(p);
    const again = await shop.connector.pushShipment(p);
    expect(again).toEqual(first);
    expect(fake.callsOf('HubFulfil')).toHaveLength(1);
  });

  it('splits a parcel across locations and, after a failure half-way, only ships the rest on retry', async () => {
    const shop = await startShop();
    fake = shop.fake;
    const order = makeOrder({ id: '7001', updatedAt: '2024-06-01T00:00:00Z', lineCount: 2, locations: ['655441491', '655441492'] });
    fake.state.put(order);
    const p = parcel({ shipmentId: 'shp-A', trackingNumber: 'TRK-9', lines: [{ lineId: '70011', quantity: 1 }, { lineId: '70012', quantity: 2 }], partial: false });
    // The second fulfillmentCreate (the second location) keeps failing with 500.
    fake.faultFor = (op, before) => (op === 'HubFulfil' && before >= 1 ? { kind: 'http', status: 500, body: { errors: 'Internal Server Error' } } : undefined);
    await expect(shop.connector.pushShipment(p)).rejects.toMatchObject({ kind: 'transient' });
    expect(order.fulfillments).toHaveLength(1);
    fake.faultFor = undefined;
    const r = await shop.connector.pushShipment(p);
    expect(order.fulfillments).toHaveLength(2);
    expect(order.fulfillments.flatMap((f) => f.lines)).toEqual([{ lineItemId: '70011', quantity: 1 }, { lineItemId: '70012', quantity: 2 }]);
    expect(r.platformShipmentId?.split(',')).toHaveLength(2);
    expect(order.displayFulfillmentStatus).toBe('FULFILLED');
  });

  it('refuses to ship more than is left, and ships the whole order when no lines are given', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.state.put(makeOrder({ id: '7001', updatedAt: '2024-06-01T00:00:00Z', lineCount: 2 }));
    await expect(shop.connector.pushShipment(parcel({ shipmentId: 'x', trackingNumber: 'T-1', lines: [{ lineId: '70011', quantity: 5 }] }))).rejects.toMatchObject({ kind: 'invalid' });
    await shop.connector.pushShipment(parcel({ shipmentId: 'y', trackingNumber: 'T-2', lines: [], partial: false }));
    expect(fake.state.orders.get('7001')!.displayFulfillmentStatus).toBe('FULFILLED');
    await expect(shop.connector.pushShipment(parcel({ platformOrderId: '404', shipmentId: 'z', trackingNumber: 'T-3', lines: [] }))).rejects.toMatchObject({ kind: 'not_found' });
  });
});
