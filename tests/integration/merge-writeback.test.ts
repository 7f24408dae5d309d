import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { shipOrder } from '../../src/services/order-actions.service.js';
import { pushShipment } from '../../src/services/outbound.service.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { startWorld, type World } from './merge-split-fixtures.js';

/**
 * One parcel for orders merged across two shops of one platform (merge scope "platform"): the tracking number
 * reaches each original platform order, through its own shop, with its own line ids.
 */
let w: World;
let second: ShopDoc;
const platforms = new Map<string, FakePlatform>();

beforeAll(async () => {
  w = await startWorld({ MAIN: { A: 20, B: 20 } });
  second = await insertShop(w.hub.rt.ctx, w.seller.id, `shop2_${w.seller.id.slice(-6)}`);
  for (const s of [w.shop, second]) platforms.set(s._id, new FakePlatform());
  Object.assign(w.hub.rt.ctx, { connectorFor: (shop: ShopDoc) => platforms.get(shop._id)! });
  expect((await w.call('PUT', '/v1/settings/merge-split', { merge: { enabled: true, scope: 'platform' } })).statusCode).toBe(200);
});
afterAll(async () => w.hub.close());

describe('write-back of a merged parcel', () => {
  it('pushes the tracking number to each original order through its own shop', async () => {
    const ctx = w.hub.rt.ctx;
    const pa = normalizedOrder({ skus: [['A', 1]] });
    const pb = normalizedOrder({ skus: [['B', 2]] });
    const [a] = await importOrders(ctx, w.shop, [pa]);
    const [b] = await importOrders(ctx, second, [pb]);
    await runPipeline(ctx, w.seller.id, [a!, b!]);
    const masterId = (await w.order(a!)).mergedInto!;
    expect(masterId).toBeTruthy();
    expect((await runPipeline(ctx, w.seller.id, [masterId])).allocated).toEqual([masterId]);
    const { shipment } = await shipOrder(ctx, w.seller.id, masterId, { trackingNumber: 'SF5550001', courierCode: 'SF' }, 'test');
    expect(await pushShipment(ctx, masterId, shipment.shipmentId)).toBe('pushed');

    const first = platforms.get(w.shop._id)!.shipments;
    const other = platforms.get(second._id)!.shipments;
    expect(first.map((s) => ({ pid: s.platformOrderId, lines: s.lines, tn: s.trackingNumber }))).toEqual([{ pid: pa.platformOrderId, lines: [{ lineId: pa.lines[0]!.lineId, quantity: 1 }], tn: 'SF5550001' }]);
    expect(other.map((s) => ({ pid: s.platformOrderId, lines: s.lines, tn: s.trackingNumber }))).toEqual([{ pid: pb.platformOrderId, lines: [{ lineId: pb.lines[0]!.lineId, quantity: 2 }], tn: 'SF5550001' }]);
    // A retried job sends nothing again.
    expect(await pushShipment(ctx, masterId, shipment.shipmentId)).toBe('already_pushed');
    expect(first.length + other.length).toBe(2);
    expect(await w.drift()).toEqual([]);
  });
});
