import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShipmentPush } from '../../../connectors/types.js';
import { makeTrade } from '../../fakes/taobao/fixtures.js';
import { topErrors } from '../../fakes/taobao/top-protocol.js';
import { NOW, startHarness, type TopHarness } from './setup.js';

let h: TopHarness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.fake.close(); });

const SEND = 'taobao.logistics.offline.send';

function seed(lines: number) {
  const t = makeTrade(NOW.getTime() - 3_600_000, {}, lines);
  h.fake.store.trades.set(String(t.tid), t);
  const oids = t.orders.order.map((o) => String(o.oid));
  const parcel = (n: number, sub: string[], partial = true): ShipmentPush => ({
    platformOrderId: String(t.tid), shipmentId: `shp-${n}`, trackingNumber: `ZTO-L${n}`, courierCode: 'ZTO', partial, shippedAt: NOW,
    lines: sub.map((lineId) => ({ lineId, quantity: 1 })),
  });
  return { tid: String(t.tid), oids, parcel };
}

describe('taobao.logistics.offline.send when the reply is lost after Taobao applied it', () => {
  for (const how of ['reset', 502] as const) {
    it(`reads the trade back instead of consigning again (${how}); the next parcel still goes`, async () => {
      const { tid, oids, parcel } = seed(2);
      h.fake.loseReplyNext(SEND, how);
      await expect(h.connector.pushShipment(parcel(1, [oids[0]!]))).resolves.toEqual({ platformShipmentId: `${tid}:ZTO-L1` });
      await expect(h.connector.pushShipment(parcel(2, [oids[1]!]))).resolves.toEqual({ platformShipmentId: `${tid}:ZTO-L2` });
      expect(h.fake.store.consignments.map((c) => [c.out_sid, c.oids])).toEqual([['ZTO-L1', [oids[0]]], ['ZTO-L2', [oids[1]]]]);
      expect(h.fake.calls.filter((c) => c.api === SEND)).toHaveLength(2);
      expect(h.fake.store.trades.get(tid)!.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    });
  }

  it('a whole-trade consignment whose reply was lost is found consigned', async () => {
    const { tid, oids, parcel } = seed(2);
    h.fake.loseReplyNext(SEND, 'reset');
    await expect(h.connector.pushShipment(parcel(1, oids, false))).resolves.toEqual({ platformShipmentId: `${tid}:ZTO-L1` });
    expect(h.fake.store.consignments).toHaveLength(1);
  });

  it('sends again only after reading that an isp failure left the trade unconsigned', async () => {
    const { oids, parcel } = seed(1);
    h.fake.failNext(SEND, topErrors.serviceError('isp.remote-service-timeout', 'timeout'));
    await h.connector.pushShipment(parcel(1, oids, false));
    expect(h.fake.calls.map((c) => c.api)).toEqual([SEND, 'taobao.trade.fullinfo.get', SEND]);
    expect(h.fake.store.consignments).toHaveLength(1);
  });
});
