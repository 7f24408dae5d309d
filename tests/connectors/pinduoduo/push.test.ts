import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePddOrder } from '../../fakes/pinduoduo/fixtures.js';
import { pddErrors } from '../../fakes/pinduoduo/protocol.js';
import { NOW, NOW_S, startPddHarness, type PddHarness } from './setup.js';

let h: PddHarness;
beforeEach(async () => { h = await startPddHarness(); });
afterEach(async () => { await h.fake.close(); });

describe('pinduoduo shipment write-back (one tracking number per order)', () => {
  it('declares that it takes one tracking number for the whole order', () => {
    expect(h.connector.capabilities).toMatchObject({ partialShipment: false, multipleTrackingNumbers: false, maxWindowSeconds: 1800, settleLagSeconds: 180 });
  });

  it('ships a split order with its first tracking number; a second parcel is refused, never shipped twice', async () => {
    const o = makePddOrder(NOW_S - 3600, {}, 2);
    h.fake.store.orders.set(o.order_sn, o);
    const [a, b] = o.item_list.map((i) => String(i.sku_id));
    const parcel = (n: number, lineId: string, partial: boolean) => ({
      platformOrderId: o.order_sn, shipmentId: `shp-${n}`, trackingNumber: `YT${n}000`, courierCode: '85', partial, shippedAt: NOW, lines: [{ lineId, quantity: 1 }],
    });
    await expect(h.connector.pushShipment(parcel(1, a!, true))).resolves.toEqual({ platformShipmentId: `${o.order_sn}:YT1000` });
    await expect(h.connector.pushShipment(parcel(2, b!, false))).rejects.toMatchObject({ kind: 'invalid', retryable: false });
    expect(h.fake.store.shipments).toEqual([{ order_sn: o.order_sn, logistics_id: '85', tracking_number: 'YT1000' }]);
    expect(h.fake.store.orders.get(o.order_sn)!.order_status).toBe(2);
  });

  it('refuses a courier code that is not a PDD logistics_id without calling the platform', async () => {
    const o = makePddOrder(NOW_S - 3600);
    h.fake.store.orders.set(o.order_sn, o);
    await expect(h.connector.pushShipment({ platformOrderId: o.order_sn, shipmentId: 's', trackingNumber: 'T', courierCode: 'YTO', partial: false, shippedAt: NOW, lines: [] }))
      .rejects.toMatchObject({ kind: 'invalid' });
    expect(h.fake.calls).toHaveLength(0);
  });
});

describe('pinduoduo stock push', () => {
  it('pushes a burst one SKU per call (PDD has no bulk call), last quantity per SKU wins, failures per item', async () => {
    for (let i = 0; i < 5; i++) h.fake.store.skus.set(String(800 + i), { goods_id: '300', quantity: 0, outer_id: `OUT-${i}` });
    const burst = [0, 1, 2, 3, 4].map((i) => ({ skuCode: `S${i}`, platformProductId: '300', platformVariantId: String(800 + i), quantity: 10 + i }));
    const r = await h.connector.pushStock([
      ...burst,
      { skuCode: 'S0', platformProductId: '300', platformVariantId: '800', quantity: 7 },
      { skuCode: 'BY-OUTER', platformProductId: '300', platformSku: 'OUT-4', quantity: -2 },
      { skuCode: 'GONE', platformProductId: '300', platformVariantId: '999', quantity: 1 },
      { skuCode: 'UNMAPPED', quantity: 1 },
    ]);
    expect(r.failed).toEqual([
      { skuCode: 'UNMAPPED', reason: expect.stringContaining('goods_id') },
      { skuCode: 'GONE', reason: expect.stringContaining('sku不存在') },
    ]);
    expect(h.fake.store.stockCalls).toHaveLength(7);
    expect(h.fake.store.stockCalls.every((c) => c.update_type === '1')).toBe(true);
    expect([...h.fake.store.skus.values()].map((s) => s.quantity)).toEqual([7, 11, 12, 13, 0]);
    expect(h.limiter.acquired.filter((a) => a.key === 'pinduoduo:mall-9:pdd.goods.quantity.update')).toHaveLength(7);
  });

  it('throws on an expired token instead of reporting items as failed', async () => {
    h.fake.store.skus.set('800', { goods_id: '300', quantity: 0, outer_id: 'O' });
    h.fake.failNext('pdd.goods.quantity.update', pddErrors.tokenExpired);
    await expect(h.connector.pushStock([{ skuCode: 'S', platformProductId: '300', platformVariantId: '800', quantity: 1 }])).rejects.toMatchObject({ kind: 'auth' });
  });
});
