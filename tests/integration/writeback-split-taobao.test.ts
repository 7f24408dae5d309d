import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderDoc, ShipmentRecord } from '../../src/db/models/order.model.js';
import { runImport } from '../../src/services/import.service.js';
import { childId } from '../../src/services/merge-split/children.js';
import { splitByHand } from '../../src/services/merge-split/split-manual.js';
import { pushShipment } from '../../src/services/outbound.service.js';
import { loadRelatedOrders } from '../../src/services/writeback-input.js';
import { connectorFactory } from '../../src/services/shops.service.js';
import { makeTrade } from '../fakes/taobao/fixtures.js';
import { startFakeTop, type FakeTop } from '../fakes/taobao/server.js';
import { RecordingLimiter } from '../helpers/fake-limiter.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

/**
 * A Taobao trade split by the hub into two child orders, each shipped as its own parcel: the parcels are partial
 * relative to the TRADE, so each goes as a split consignment of its own sub-orders (is_split=1, sub_tid), and
 * both are accepted. Lost replies and a hub crash between Taobao applying and the hub recording consign once.
 */
const creds = { appKey: '23456700', appSecret: 'split-secret', session: 'split-session', signMethod: 'hmac-sha256' as const };
const SEND = 'taobao.logistics.offline.send';
let hub: TestHub;
let top: FakeTop;
let shopId: string;
const trades = [makeTrade(Date.now() - 3_600_000, {}, 2), makeTrade(Date.now() - 3_500_000, {}, 2), makeTrade(Date.now() - 3_400_000, {}, 2)];

beforeAll(async () => {
  top = await startFakeTop({ appKey: creds.appKey, appSecret: creds.appSecret, session: creds.session });
  hub = await startTestHub();
  Object.assign(hub.rt.ctx, { connectorFor: connectorFactory({ ...hub.rt.ctx, limiter: new RecordingLimiter() }) });
  const seller = await hub.newSeller();
  const res = await hub.app.inject({ method: 'POST', url: '/v1/shops', headers: seller.auth, payload: { platform: 'taobao', name: 'tb', apiBaseUrl: top.url, credentials: creds } });
  expect(res.statusCode, res.body).toBe(201);
  shopId = res.json<{ id: string }>().id;
  for (const t of trades) top.store.trades.set(String(t.tid), t);
  expect((await runImport(hub.rt.ctx, { shopId, reason: 'manual' })).outcome).toBe('done');
});
afterAll(async () => {
  await hub.close();
  await top.close();
});
beforeEach(() => { top.calls.length = 0; });

/** Imports a two-sub-order trade, splits it into one child per sub-order, and ships each child as one parcel. */
async function splitAndShip(n: number): Promise<{ tid: string; oids: string[]; children: string[] }> {
  const t = trades[n]!;
  const tid = String(t.tid);
  const o = (await hub.rt.ctx.models.Order.findOne({ shopId, platformOrderId: tid }).lean<OrderDoc>())!;
  await splitByHand(hub.rt.ctx, o.sellerId, o._id, o.lines.map((l) => ({ lines: [{ lineId: l.lineId, quantity: l.quantity }] })), 'test');
  const children = [childId(o._id, 0), childId(o._id, 1)];
  for (const [i, id] of children.entries()) {
    const c = (await hub.rt.ctx.models.Order.findById(id).lean<OrderDoc>())!;
    const shipment: ShipmentRecord = {
      shipmentId: `${id}:1`, trackingNumber: `ZTO-${tid}-${i + 1}`, courierCode: 'ZTO', shippedAt: new Date(Date.now() - 60_000 + i * 1000),
      lines: c.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })), push: { state: 'pending', attempts: 0 },
    };
    await hub.rt.ctx.models.Order.updateOne({ _id: id }, { $set: { shipments: [shipment], hubStatus: 'shipped' } });
  }
  return { tid, oids: t.orders.order.map((x) => String(x.oid)), children };
}
const pushes = async (id: string) => (await hub.rt.ctx.models.Order.findById(id).lean<OrderDoc>())!.shipments[0]!;

describe('Taobao write-back of a trade split into two hub orders', () => {
  it('sends two split consignments, each with its own sub_tid, and Taobao accepts both', async () => {
    const { tid, oids, children } = await splitAndShip(0);
    const child = (await hub.rt.ctx.models.Order.findById(children[0]).lean<OrderDoc>())!;
    // The store finds the parent (the platform order's full line set) and the sibling carrying its other lines.
    expect((await loadRelatedOrders(hub.rt.ctx, child)).map((r) => r._id).sort()).toEqual([children[0]!.replace(/-1$/, ''), children[1]].sort());
    expect(await pushShipment(hub.rt.ctx, children[0]!, `${children[0]}:1`)).toBe('pushed');
    expect(await pushShipment(hub.rt.ctx, children[1]!, `${children[1]}:1`)).toBe('pushed');
    const sends = top.calls.filter((c) => c.api === SEND);
    expect(sends.map((c) => [c.params.is_split, c.params.sub_tid, c.answered])).toEqual([['1', oids[0], 'ok'], ['1', oids[1], 'ok']]);
    expect(top.store.consignments.map((c) => c.oids)).toEqual([[oids[0]], [oids[1]]]);
    expect(top.store.trades.get(tid)!.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    expect((await pushes(children[0]!)).pushes).toEqual([expect.objectContaining({ state: 'sent', partial: true, lines: [{ lineId: oids[0], quantity: 1 }] })]);
  });

  it('a reply lost after Taobao consigned: one consignment, the push recorded as done', async () => {
    const { oids, children } = await splitAndShip(1);
    top.loseReplyNext(SEND, 'reset');
    expect(await pushShipment(hub.rt.ctx, children[0]!, `${children[0]}:1`)).toBe('pushed');
    expect(await pushShipment(hub.rt.ctx, children[1]!, `${children[1]}:1`)).toBe('pushed');
    expect(top.calls.filter((c) => c.api === SEND)).toHaveLength(2);
    expect(top.store.consignments.slice(-2).map((c) => c.oids)).toEqual([[oids[0]], [oids[1]]]);
    expect((await pushes(children[0]!)).push.state).toBe('pushed');
  });

  it('the hub crashed after Taobao applied the consignment and before recording it: the retry does not consign again', async () => {
    const { tid, oids, children } = await splitAndShip(2);
    const id = children[0]!;
    // What the crashed run left: the push recorded as `sending`, and Taobao already consigned the sub-order.
    const connector = hub.rt.ctx.connectorFor((await hub.rt.ctx.models.Shop.findById(shopId).lean())!);
    const push = { platformOrderId: tid, shipmentId: `${id}:1`, trackingNumber: `ZTO-${tid}-1`, courierCode: 'ZTO', partial: true, shippedAt: new Date(), lines: [{ lineId: oids[0]!, quantity: 1 }] };
    await connector.pushShipment(push);
    const s = await pushes(id);
    await hub.rt.ctx.models.Order.updateOne({ _id: id }, { $set: { shipments: [{ ...s, pushes: [{ platformOrderId: tid, state: 'sending', trackingNumber: push.trackingNumber, courierCode: 'ZTO', attempts: 1, at: new Date() }] }] } });
    expect(await pushShipment(hub.rt.ctx, id, `${id}:1`)).toBe('pushed');
    expect(top.store.consignments.filter((c) => c.tid === tid)).toHaveLength(1);
    expect((await pushes(id)).pushes).toEqual([expect.objectContaining({ state: 'sent' })]);
  });
});
