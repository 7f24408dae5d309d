import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePddOrder } from '../../fakes/pinduoduo/fixtures.js';
import { NOW, NOW_S, startPddHarness, type PddHarness } from './setup.js';

let h: PddHarness;
beforeEach(async () => { h = await startPddHarness(); });
afterEach(async () => { await h.fake.close(); });

const SEND = 'pdd.logistics.online.send';

describe('pdd.logistics.online.send when the reply is lost after PDD applied it', () => {
  for (const how of ['reset', 502] as const) {
    it(`reads the order back instead of shipping again (${how}); the hub's own retry is recognised too`, async () => {
      const o = makePddOrder(NOW_S - 3600, {}, 2);
      h.fake.store.orders.set(o.order_sn, o);
      const push = { platformOrderId: o.order_sn, shipmentId: 'shp-1', trackingNumber: 'YTLOST1', courierCode: '85', partial: false, shippedAt: NOW, lines: [] };
      h.fake.loseReplyNext(SEND, how);
      await expect(h.connector.pushShipment(push)).resolves.toEqual({ platformShipmentId: `${o.order_sn}:YTLOST1` });
      expect(h.fake.store.shipments).toHaveLength(1);
      expect(h.fake.calls.filter((c) => c.api === SEND)).toHaveLength(1);
      // A retry after the hub crashed between PDD applying and the hub recording: refused by PDD, recognised as ours.
      await expect(h.connector.pushShipment(push)).resolves.toEqual({ platformShipmentId: `${o.order_sn}:YTLOST1` });
      await expect(h.connector.pushShipment({ ...push, shipmentId: 'shp-2', trackingNumber: 'OTHER' })).rejects.toMatchObject({ kind: 'invalid' });
      expect(h.fake.store.shipments).toHaveLength(1);
    });
  }
});
