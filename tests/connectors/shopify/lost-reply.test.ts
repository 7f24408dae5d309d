import { afterEach, describe, expect, it } from 'vitest';
import type { ShipmentPush } from '../../../connectors/types.js';
import { makeOrder } from '../../fakes/shopify/fixtures.js';
import type { FakeShopify } from '../../fakes/shopify/server.js';
import { startShop } from './harness.js';

let fake: FakeShopify | undefined;
afterEach(async () => fake?.stop());

const parcel = (p: Partial<ShipmentPush>): ShipmentPush => ({
  platformOrderId: '7001', shipmentId: 'shp-A', trackingNumber: '1Z-LOST-1', courierCode: 'ups', courierName: 'UPS', partial: true,
  shippedAt: new Date('2024-06-02T09:00:00Z'), lines: [{ lineId: '70011', quantity: 1 }], ...p,
});

describe('Shopify fulfillmentCreate when the reply is lost after Shopify applied it', () => {
  for (const how of ['reset', 502] as const) {
    it(`reads the fulfilments back instead of sending again (${how}); the next parcel still ships`, async () => {
      const shop = await startShop();
      fake = shop.fake;
      const order = makeOrder({ id: '7001', updatedAt: '2024-06-01T00:00:00Z', lineCount: 2 }); // 70011 ×1, 70012 ×2
      fake.state.put(order);
      fake.faultFor = (op, before) => (op === 'HubFulfil' && before === 0 ? { kind: 'lost_reply', how } : undefined);
      const first = await shop.connector.pushShipment(parcel({}));
      expect(fake.callsOf('HubFulfil')).toHaveLength(1);
      expect(order.fulfillments).toHaveLength(1);
      expect(first.platformShipmentId).toBe(String(order.fulfillments[0]!.id));
      const second = await shop.connector.pushShipment(parcel({ shipmentId: 'shp-B', trackingNumber: '1Z-LOST-2', lines: [{ lineId: '70012', quantity: 2 }], partial: false }));
      expect(second.platformShipmentId).not.toBe(first.platformShipmentId);
      expect(order.fulfillments.map((f) => f.trackingInfo[0]!.number)).toEqual(['1Z-LOST-1', '1Z-LOST-2']);
      expect(order.displayFulfillmentStatus).toBe('FULFILLED');
    });
  }

  it('sends again only after reading that a failed send was not applied', async () => {
    const shop = await startShop();
    fake = shop.fake;
    const order = makeOrder({ id: '7001', updatedAt: '2024-06-01T00:00:00Z', lineCount: 1 });
    fake.state.put(order);
    fake.faultFor = (op, before) => (op === 'HubFulfil' && before === 0 ? { kind: 'http', status: 503, body: { errors: 'Service Unavailable' } } : undefined);
    await shop.connector.pushShipment(parcel({ partial: false }));
    expect(fake.calls.map((c) => c.op)).toEqual(['HubFulfilmentState', 'HubFulfil', 'HubFulfilmentState', 'HubFulfil']);
    expect(order.fulfillments).toHaveLength(1);
  });
});
