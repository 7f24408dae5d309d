import { afterEach, describe, expect, it } from 'vitest';
import type { ShipmentPush } from '../../../connectors/types.js';
import { fakeOrder } from '../../fakes/shopee/state.js';
import { harness, T0, type Harness } from './setup.js';

let h: Harness | undefined;
afterEach(async () => h?.fake.close());

const SHIP = '/api/v2/logistics/ship_order';
const parcel = (over: Partial<ShipmentPush> = {}): ShipmentPush => ({
  platformOrderId: 'LOST0001', shipmentId: 'shp_a', trackingNumber: 'TRK-LOST', courierCode: 'jnt', courierName: 'J&T Express',
  lines: [{ lineId: '1000001:2000001', quantity: 2 }], partial: false, shippedAt: new Date(), ...over,
});

describe('shopee ship_order when the reply is lost after Shopee applied it', () => {
  for (const how of ['reset', 502] as const) {
    it(`non-integrated channel (${how}): reads status and tracking back, ships once`, async () => {
      h = await harness();
      h.fake.state.putOrder(fakeOrder('LOST0001', T0));
      h.fake.state.loseReply(SHIP, how);
      await expect(h.connector.pushShipment(parcel())).resolves.toEqual({ platformShipmentId: 'LOST0001:TRK-LOST' });
      expect(h.fake.state.shipCalls).toHaveLength(1);
      expect(h.fake.state.calls(SHIP)).toHaveLength(1);
      // The hub's retry after its own crash finds the order shipped with our tracking number and sends nothing.
      await expect(h.connector.pushShipment(parcel())).resolves.toEqual({ platformShipmentId: 'LOST0001:TRK-LOST' });
      expect(h.fake.state.calls(SHIP)).toHaveLength(1);
    });
  }

  it('pickup channel: the order left READY_TO_SHIP, so the lost call was applied; Shopee\'s tracking number is reported', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('LOST0001', T0));
    h.fake.state.shipMode.set('LOST0001', 'pickup');
    h.fake.state.loseReply(SHIP, 'reset');
    const r = await h.connector.pushShipment(parcel());
    expect(h.fake.state.calls(SHIP)).toHaveLength(1);
    expect(r.platformShipmentId).toBe(`LOST0001:${h.fake.state.tracking.get('LOST0001')}`);
  });
});
