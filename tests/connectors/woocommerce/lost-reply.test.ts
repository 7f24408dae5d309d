import { afterEach, describe, expect, it } from 'vitest';
import type { ShipmentPush } from '../../../connectors/types.js';
import { makeOrder } from '../../fakes/woocommerce/fixtures.js';
import type { FakeRequest } from '../../fakes/woocommerce/server.js';
import { startWc, type WcHarness } from './harness.js';

let h: WcHarness | undefined;
afterEach(async () => h?.fake.close());

const parcel = (n: number, over: Partial<ShipmentPush> = {}): ShipmentPush => ({
  platformOrderId: '727', shipmentId: `shp-${n}`, trackingNumber: `LOST-${n}`, courierCode: 'dhl', courierName: 'DHL',
  lines: [{ lineId: n === 1 ? '7271' : '7272', quantity: 1 }], partial: n === 1, shippedAt: new Date('2024-05-02T09:00:00Z'), ...over,
});
const posts = (path: RegExp) => (r: FakeRequest) => r.method === 'POST' && path.test(r.path);

describe('WooCommerce shipment write-back when the reply is lost after the site applied it', () => {
  for (const how of ['reset', 502] as const) {
    it(`notes mode (${how}): reads the notes back, one note per parcel, completed with the last`, async () => {
      h = await startWc();
      h.fake.orders.set(727, makeOrder(727, new Date('2024-05-01T10:00:00Z')));
      h.fake.loseReplyNext(posts(/\/notes$/), how);
      const first = await h.connector.pushShipment(parcel(1));
      h.fake.loseReplyNext(posts(/\/notes$/), how);
      await h.connector.pushShipment(parcel(2));
      const notes = h.fake.notes.get(727)!;
      expect(notes.map((n) => /tracking number (\S+?)[ .]/.exec(String(n.note))?.[1])).toEqual(['LOST-1', 'LOST-2']);
      expect(first.platformShipmentId).toBe(String(notes[0]!.id));
      expect(h.fake.requests.filter(posts(/\/notes$/))).toHaveLength(2);
      expect(h.fake.orders.get(727)!.status).toBe('completed');
    });

    it(`extension mode (${how}): reads the tracking items back, one item per parcel`, async () => {
      h = await startWc({ credentials: { tracking: 'extension' } });
      h.fake.orders.set(727, makeOrder(727, new Date('2024-05-01T10:00:00Z')));
      h.fake.loseReplyNext(posts(/shipment-trackings$/), how);
      const first = await h.connector.pushShipment(parcel(1));
      await h.connector.pushShipment(parcel(2));
      const items = h.fake.trackings.get(727)!;
      expect(items.map((t) => t.tracking_number)).toEqual(['LOST-1', 'LOST-2']);
      expect(first.platformShipmentId).toBe(items[0]!.tracking_id);
      expect(h.fake.requests.filter(posts(/shipment-trackings$/))).toHaveLength(2);
    });
  }

  it('the status update is a plain overwrite: its lost reply is simply sent again', async () => {
    h = await startWc();
    h.fake.orders.set(727, makeOrder(727, new Date('2024-05-01T10:00:00Z')));
    h.fake.loseReplyNext((r) => r.method === 'PUT', 'reset');
    await h.connector.pushShipment(parcel(2, { partial: false }));
    expect(h.fake.orders.get(727)!.status).toBe('completed');
    expect(h.fake.notes.get(727)).toHaveLength(1);
  });
});
