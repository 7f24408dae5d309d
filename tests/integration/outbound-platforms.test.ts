import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDoc, ShipmentRecord } from '../../src/db/models/order.model.js';
import { runImport } from '../../src/services/import.service.js';
import { pushShipment } from '../../src/services/outbound.service.js';
import { connectorFactory } from '../../src/services/shops.service.js';
import { startShopeeFake, type ShopeeFake } from '../fakes/shopee/server.js';
import { fakeOrder } from '../fakes/shopee/state.js';
import { makeOrder } from '../fakes/shopify/fixtures.js';
import { FakeShopify, FAKE_TOKEN } from '../fakes/shopify/server.js';
import { RecordingLimiter } from '../helpers/fake-limiter.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

/**
 * A split order written back through the real connectors against loopback fakes of the platforms: Shopify
 * (line- and quantity-level fulfilment orders) and Shopee (one tracking number per order).
 */
let hub: TestHub;
let auth: { authorization: string };
let shopify: FakeShopify;
let shopee: ShopeeFake;
const shopeeAccess = `a-${randomUUID()}`;

beforeAll(async () => {
  shopify = await new FakeShopify().start();
  shopee = await startShopeeFake({ partnerId: 2_000_003, partnerKey: 'split_partner_key', shopId: 600_200, accessToken: shopeeAccess, refreshToken: `r-${randomUUID()}` });
  hub = await startTestHub();
  // The real connector factory (decrypting the stored credentials), with a limiter that does not wait:
  // throttling is covered by the connector and limiter tests, this file is about what gets written back.
  Object.assign(hub.rt.ctx, { connectorFor: connectorFactory({ ...hub.rt.ctx, limiter: new RecordingLimiter() }) });
  auth = (await hub.newSeller()).auth;
});
afterAll(async () => {
  await hub.close();
  await shopify.stop();
  await shopee.close();
});

async function connect(platform: string, apiBaseUrl: string, credentials: object): Promise<string> {
  const res = await hub.app.inject({ method: 'POST', url: '/v1/shops', headers: auth, payload: { platform, name: platform, apiBaseUrl, credentials } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

/** Imports the shop's orders, then records two parcels of the order as the warehouse would ship them. */
async function splitIntoParcels(shopId: string, platformOrderId: string, parcels: (o: OrderDoc) => { lineId: string; quantity: number }[][]): Promise<OrderDoc> {
  const summary = await runImport(hub.rt.ctx, { shopId, reason: 'manual' });
  expect(summary.outcome).toBe('done');
  const o = (await hub.rt.ctx.models.Order.findOne({ shopId, platformOrderId }).lean<OrderDoc>())!;
  const shipments: ShipmentRecord[] = parcels(o).map((lines, i) => ({
    shipmentId: `${o._id}:${i + 1}`, trackingNumber: `TRK-${platformOrderId}-${i + 1}`, courierCode: 'UPS', shippedAt: new Date(Date.now() - 60_000 + i * 1000),
    lines, push: { state: 'pending', attempts: 0 },
  }));
  await hub.rt.ctx.models.Order.updateOne({ _id: o._id }, { $set: { shipments, hubStatus: 'shipped' } });
  return o;
}
const recorded = async (o: OrderDoc) => ((await hub.rt.ctx.models.Order.findById(o._id).lean<OrderDoc>())!).shipments;

describe('split order write-back through the real connectors', () => {
  it('Shopify: one fulfilment per parcel, line- and quantity-level', async () => {
    const shopId = await connect('shopify', shopify.baseUrl, { shopDomain: 'split-test.myshopify.com', accessToken: FAKE_TOKEN, webhookSecret: 'shpss_split' });
    const order = makeOrder({ id: '7101', updatedAt: new Date(Date.now() - 3_600_000).toISOString(), lineCount: 2 }); // line 1 ×1, line 2 ×2
    shopify.state.put(order);
    const o = await splitIntoParcels(shopId, '7101', (x) => [
      [{ lineId: x.lines[0]!.lineId, quantity: 1 }, { lineId: x.lines[1]!.lineId, quantity: 1 }],
      [{ lineId: x.lines[1]!.lineId, quantity: 1 }],
    ]);
    expect(await pushShipment(hub.rt.ctx, o._id, `${o._id}:1`)).toBe('pushed');
    expect(order.displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
    expect(await pushShipment(hub.rt.ctx, o._id, `${o._id}:2`)).toBe('pushed');
    expect(await pushShipment(hub.rt.ctx, o._id, `${o._id}:2`)).toBe('already_pushed');
    expect(shopify.callsOf('HubFulfil')).toHaveLength(2);
    expect(order.displayFulfillmentStatus).toBe('FULFILLED');
    expect(order.fulfillments.map((f) => f.trackingInfo[0]!.number)).toEqual(['TRK-7101-1', 'TRK-7101-2']);
    expect((await recorded(o)).map((s) => s.pushes?.map((r) => [r.state, r.partial]))).toEqual([[['sent', true]], [['sent', false]]]);
  });

  it('Shopee: the first parcel ships the order; the second tracking number is recorded as not sent', async () => {
    const shopId = await connect('shopee', shopee.url, { partnerId: 2_000_003, partnerKey: 'split_partner_key', shopeeShopId: 600_200, accessToken: shopeeAccess, refreshToken: 'unused' });
    shopee.state.putOrder(fakeOrder('SPLIT-1', Math.floor(Date.now() / 1000) - 3600));
    const o = await splitIntoParcels(shopId, 'SPLIT-1', (x) => [
      [{ lineId: x.lines[0]!.lineId, quantity: 1 }],
      [{ lineId: x.lines[0]!.lineId, quantity: 1 }, { lineId: x.lines[1]!.lineId, quantity: 1 }],
    ]);
    expect(await pushShipment(hub.rt.ctx, o._id, `${o._id}:1`)).toBe('pushed');
    expect(await pushShipment(hub.rt.ctx, o._id, `${o._id}:2`)).toBe('pushed');
    expect(shopee.state.calls('/api/v2/logistics/ship_order')).toHaveLength(1);
    expect(shopee.state.tracking.get('SPLIT-1')).toBe('TRK-SPLIT-1-1');
    const [first, second] = await recorded(o);
    expect(first?.pushes).toEqual([expect.objectContaining({ state: 'sent', partial: false, trackingNumber: 'TRK-SPLIT-1-1' })]);
    expect(second?.pushes).toEqual([expect.objectContaining({ state: 'not_sent', reason: 'one_tracking_number_per_order', trackingNumber: 'TRK-SPLIT-1-2' })]);
  });
});
