import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../connectors/errors.js';
import type { ConnectorCapabilities, ShipmentPush } from '../../connectors/types.js';
import type { OrderDoc, ShipmentRecord } from '../../src/db/models/order.model.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { pushShipment } from '../../src/services/outbound.service.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

/** The in-memory platform with configurable capabilities and a scripted fault per call. */
class ScriptedPlatform extends FakePlatform {
  override capabilities: ConnectorCapabilities = { ...new FakePlatform().capabilities };
  /** Errors to throw on the next pushShipment calls; `afterSend` means the platform did ship, then the reply was lost. */
  faults: { error: Error; afterSend?: boolean }[] = [];
  attempts: ShipmentPush[] = [];
  override async pushShipment(s: ShipmentPush) {
    this.attempts.push(s);
    const f = this.faults.shift();
    if (f && !f.afterSend) throw f.error;
    if (this.shipped.has(`${s.platformOrderId}:${s.trackingNumber}`) && !this.capabilities.multipleTrackingNumbers) {
      throw new ConnectorError('invalid', `order ${s.platformOrderId} is already shipped`, { platformCode: 'already_shipped' });
    }
    this.shipped.add(`${s.platformOrderId}:${s.trackingNumber}`);
    const res = await super.pushShipment(s);
    if (f) throw f.error;
    return res;
  }
  shipped = new Set<string>();
}

let hub: TestHub;
let platform: ScriptedPlatform;
let shop: ShopDoc;
let sellerId: string;
const lineLevel = { partialShipment: true, multipleTrackingNumbers: true, updateTrackingLater: false };
const oneTracking = { partialShipment: false, multipleTrackingNumbers: false, updateTrackingLater: false };

beforeAll(async () => {
  hub = await startTestHub();
  Object.assign(hub.rt.ctx, { connectorFor: () => platform });
  sellerId = (await hub.newSeller()).id;
  shop = await insertShop(hub.rt.ctx, sellerId, 'shop_out');
});
afterAll(async () => hub.close());
beforeEach(async () => {
  platform = new ScriptedPlatform();
  await hub.rt.ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { status: 'active' } });
});

const load = async (id: string) => (await hub.rt.ctx.models.Order.findById(id).lean<OrderDoc>())!;
/** An imported order (2 × SKU-A, 1 × SKU-B) with the given parcels recorded as its shipments. */
async function orderWithParcels(parcels: { id: string; tracking: string; lines: [number, number, string?][] }[]): Promise<OrderDoc> {
  const [id] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ skus: [['SKU-A', 2], ['SKU-B', 1], ['SKU-C', 1]] })]);
  const o = await load(id!);
  const shipments: ShipmentRecord[] = parcels.map((p, i) => ({
    shipmentId: `${o._id}:${p.id}`, trackingNumber: p.tracking, courierCode: 'UPS', shippedAt: new Date(Date.UTC(2026, 2, 1, 10, i)),
    lines: p.lines.map(([line, quantity, pid]) => ({ lineId: o.lines[line]!.lineId, quantity, ...(pid ? { platformOrderId: pid } : {}) })),
    push: { state: 'pending', attempts: 0 },
  }));
  await hub.rt.ctx.models.Order.updateOne({ _id: o._id }, { $set: { shipments, hubStatus: 'shipped' } });
  return load(o._id);
}
const push = (o: OrderDoc, parcel: string) => pushShipment(hub.rt.ctx, o._id, `${o._id}:${parcel}`);
const shipment = async (o: OrderDoc, parcel: string) => (await load(o._id)).shipments.find((s) => s.shipmentId === `${o._id}:${parcel}`)!;

describe('shipment write-back', () => {
  it('writes a split order back line by line on a platform with line-level fulfilment, once', async () => {
    platform.capabilities = { ...platform.capabilities, ...lineLevel };
    const o = await orderWithParcels([{ id: 'p1', tracking: 'T1', lines: [[0, 1]] }, { id: 'p2', tracking: 'T2', lines: [[0, 1], [1, 1], [2, 1]] }]);
    expect(await push(o, 'p1')).toBe('pushed');
    expect(await push(o, 'p2')).toBe('pushed');
    expect(await push(o, 'p1')).toBe('already_pushed');
    expect(platform.shipments.map((s) => [s.trackingNumber, s.lines.map((l) => l.quantity), s.partial])).toEqual([['T1', [1], true], ['T2', [1, 1, 1], false]]);
    const p1 = await shipment(o, 'p1');
    expect(p1.push.state).toBe('pushed');
    expect(p1.pushes).toEqual([expect.objectContaining({ platformOrderId: o.platformOrderId, state: 'sent', trackingNumber: 'T1', partial: true, fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) })]);
  });

  it('on a one-tracking-number platform ships the whole order with the first parcel and records the second as not sent', async () => {
    platform.capabilities = { ...platform.capabilities, ...oneTracking };
    const o = await orderWithParcels([{ id: 'p1', tracking: 'T1', lines: [[0, 1]] }, { id: 'p2', tracking: 'T2', lines: [[0, 1], [1, 1], [2, 1]] }]);
    expect(await push(o, 'p2')).toBe('pushed');
    expect(await push(o, 'p1')).toBe('pushed');
    expect(platform.shipments).toHaveLength(1);
    expect(platform.shipments[0]).toMatchObject({ trackingNumber: 'T1', partial: false, lines: o.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })) });
    const p2 = await shipment(o, 'p2');
    expect(p2.pushes).toEqual([expect.objectContaining({ state: 'not_sent', reason: 'one_tracking_number_per_order', trackingNumber: 'T2' })]);
    const after = await load(o._id);
    expect(after.timeline.some((e) => e.type === 'shipment.push_not_sent' && e.data?.reason === 'one_tracking_number_per_order')).toBe(true);
  });

  it('a merged parcel pushes once per platform order it carries, with the same tracking number', async () => {
    platform.capabilities = { ...platform.capabilities, ...lineLevel };
    const o = await orderWithParcels([{ id: 'm1', tracking: 'TM', lines: [[0, 2], [1, 1], [2, 1, 'P-OTHER']] }]);
    expect(await push(o, 'm1')).toBe('pushed');
    expect(platform.shipments.map((s) => [s.platformOrderId, s.trackingNumber, s.lines.length, s.partial])).toEqual([[o.platformOrderId, 'TM', 2, false], ['P-OTHER', 'TM', 1, false]]);
    expect((await shipment(o, 'm1')).pushes?.map((r) => [r.platformOrderId, r.state])).toEqual([[o.platformOrderId, 'sent'], ['P-OTHER', 'sent']]);
  });

  it('a lost reply is retried, and the platform\'s "already shipped" refusal is recorded as sent', async () => {
    platform.capabilities = { ...platform.capabilities, ...oneTracking };
    const o = await orderWithParcels([{ id: 'p1', tracking: 'T1', lines: [[0, 2], [1, 1], [2, 1]] }]);
    platform.faults.push({ error: new ConnectorError('transient', 'socket hang up'), afterSend: true });
    await expect(push(o, 'p1')).rejects.toThrow('socket hang up');
    const mid = await shipment(o, 'p1');
    expect(mid.push.state).toBe('pending');
    expect(mid.pushes?.[0]).toMatchObject({ state: 'sending', attempts: 1, lastError: 'socket hang up' });
    expect(await push(o, 'p1')).toBe('pushed');
    expect(platform.attempts).toHaveLength(2);
    expect(platform.shipments).toHaveLength(1);
    expect((await shipment(o, 'p1')).pushes?.[0]).toMatchObject({ state: 'sent', attempts: 2, fingerprint: mid.pushes?.[0]?.fingerprint });
  });

  it('an "already shipped" refusal with no earlier attempt of ours is a failure, not a silent success', async () => {
    platform.capabilities = { ...platform.capabilities, ...oneTracking };
    const o = await orderWithParcels([{ id: 'p1', tracking: 'T1', lines: [[0, 2], [1, 1], [2, 1]] }]);
    platform.faults.push({ error: new ConnectorError('invalid', 'order is already shipped with tracking X', { platformCode: 'already_shipped' }) });
    expect(await push(o, 'p1')).toBe('failed');
    const s = await shipment(o, 'p1');
    expect(s.push.state).toBe('failed');
    expect(s.pushes?.[0]).toMatchObject({ state: 'failed', lastError: expect.stringContaining('already shipped') });
  });

  it('an auth failure holds the shipment pending and marks the shop for re-authorisation', async () => {
    platform.capabilities = { ...platform.capabilities, ...lineLevel };
    const o = await orderWithParcels([{ id: 'p1', tracking: 'T1', lines: [[0, 2], [1, 1], [2, 1]] }]);
    platform.faults.push({ error: new ConnectorError('auth', 'token expired') });
    await expect(push(o, 'p1')).rejects.toThrow('token expired');
    expect((await hub.rt.ctx.models.Shop.findById(shop._id).lean())?.status).toBe('needs_reauth');
    expect(await push(o, 'p1')).toBe('skipped');
    expect((await shipment(o, 'p1')).push.state).toBe('pending');
    await hub.rt.ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { status: 'active' } });
    expect(await push(o, 'p1')).toBe('pushed');
    expect(platform.shipments).toHaveLength(1);
  });
});
