import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StockPushItem } from '../../../connectors/types.js';
import { makeTrade } from '../../fakes/taobao/fixtures.js';
import { topErrors } from '../../fakes/taobao/top-protocol.js';
import { NOW, startHarness, type TopHarness } from './setup.js';

let h: TopHarness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.fake.close(); });

describe('taobao shipment write-back', () => {
  it('writes a split order back as one split consignment per parcel, each with its own tracking number', async () => {
    const t = makeTrade(NOW.getTime() - 3_600_000, {}, 3);
    const tid = String(t.tid);
    h.fake.store.trades.set(tid, t);
    const [a, b, c] = t.orders.order.map((o) => String(o.oid));
    const parcel = (n: number, lines: string[], partial: boolean) => ({
      platformOrderId: tid, shipmentId: `shp-${n}`, trackingNumber: `ZTO00${n}`, courierCode: 'ZTO', partial, shippedAt: NOW,
      lines: lines.map((lineId) => ({ lineId, quantity: 1 })),
    });

    await h.connector.pushShipment(parcel(1, [a!, b!], true));
    expect(h.fake.store.trades.get(tid)!.status).toBe('SELLER_CONSIGNED_PART');
    // The parcel completing the trade still names its sub-orders: without is_split Taobao would consign the whole trade.
    await expect(h.connector.pushShipment(parcel(2, [c!], true))).resolves.toEqual({ platformShipmentId: `${tid}:ZTO002` });

    expect(h.fake.store.consignments).toEqual([
      { tid, out_sid: 'ZTO001', company_code: 'ZTO', oids: [a, b] },
      { tid, out_sid: 'ZTO002', company_code: 'ZTO', oids: [c] },
    ]);
    expect(h.fake.calls.map((x) => [x.params.is_split, x.params.sub_tid])).toEqual([['1', `${a},${b}`], ['1', c]]);
    expect(h.fake.store.trades.get(tid)!.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
  });

  it('never consigns a sub-order twice: a replayed parcel is found consigned; another tracking number is refused, not retried', async () => {
    const t = makeTrade(NOW.getTime() - 3_600_000, {}, 2);
    h.fake.store.trades.set(String(t.tid), t);
    const s = { platformOrderId: String(t.tid), shipmentId: 'shp-1', trackingNumber: 'SF1', courierCode: 'SF', partial: true, shippedAt: NOW, lines: [{ lineId: String(t.orders.order[0]!.oid), quantity: 1 }] };
    const first = await h.connector.pushShipment(s);
    await expect(h.connector.pushShipment(s)).resolves.toEqual(first);
    await expect(h.connector.pushShipment({ ...s, shipmentId: 'shp-2', trackingNumber: 'SF2' })).rejects.toMatchObject({ kind: 'invalid', opts: { platformCode: '15/isv.logistics-offline-service-error' } });
    expect(h.fake.store.consignments).toHaveLength(1);
  });

  it('a consignment without is_split takes the whole trade, so a later parcel is refused', async () => {
    const t = makeTrade(NOW.getTime() - 3_600_000, {}, 2);
    const tid = String(t.tid);
    h.fake.store.trades.set(tid, t);
    const [a, b] = t.orders.order.map((o) => String(o.oid));
    await h.connector.pushShipment({ platformOrderId: tid, shipmentId: 'shp-1', trackingNumber: 'YT1', courierCode: 'YTO', partial: false, shippedAt: NOW, lines: [{ lineId: a!, quantity: 1 }] });
    expect(h.fake.store.consignments).toEqual([{ tid, out_sid: 'YT1', company_code: 'YTO', oids: [a, b] }]);
    await expect(h.connector.pushShipment({ platformOrderId: tid, shipmentId: 'shp-2', trackingNumber: 'YT2', courierCode: 'YTO', partial: true, shippedAt: NOW, lines: [{ lineId: b!, quantity: 2 }] }))
      .rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('taobao stock push', () => {
  function seedItem(numIid: string, skus: number): StockPushItem[] {
    h.fake.store.items.set(numIid, { num: 0, skus: new Map(Array.from({ length: skus }, (_, i) => [`${numIid}${i}`, { quantity: 0, outer_id: `M-${numIid}-${i}` }])) });
    return Array.from({ length: skus }, (_, i) => ({ skuCode: `M-${numIid}-${i}`, platformProductId: numIid, platformVariantId: `${numIid}${i}`, quantity: i }));
  }

  it('pushes a burst of 45 SKUs of one item in three batched calls, plus a SKU-less item and per-item failures', async () => {
    const burst = seedItem('612345678901', 45);
    h.fake.store.items.set('700000000001', { num: 3, skus: new Map() });
    const r = await h.connector.pushStock([
      ...burst,
      { skuCode: 'PLAIN', platformProductId: '700000000001', quantity: 12 },
      { skuCode: 'UNMAPPED', quantity: 4 },
      { skuCode: 'GONE', platformProductId: '799999999999', platformVariantId: '1', quantity: 4 },
    ]);
    expect(r.failed).toEqual([
      { skuCode: 'UNMAPPED', reason: expect.stringContaining('num_iid') },
      { skuCode: 'GONE', reason: expect.stringContaining('isv.item-not-exist') },
    ]);
    const batched = h.fake.store.stockCalls.filter((c) => c.api === 'taobao.skus.quantity.update' && c.params.num_iid === '612345678901');
    expect(batched.map((c) => c.params.skuid_quantities!.split(';').length)).toEqual([20, 20, 5]);
    expect(batched.every((c) => c.params.type === '1')).toBe(true);
    const item = h.fake.store.items.get('612345678901')!;
    expect([...item.skus.values()].map((s) => s.quantity)).toEqual(burst.map((b) => b.quantity));
    expect(h.fake.store.items.get('700000000001')!.num).toBe(12);
  });

  it('pushes by merchant code when no sku_id is mapped, and never a negative quantity', async () => {
    seedItem('612345678902', 2);
    const r = await h.connector.pushStock([{ skuCode: 'M-612345678902-1', platformProductId: '612345678902', platformSku: 'M-612345678902-1', quantity: -3 }]);
    expect(r.failed).toEqual([]);
    expect(h.fake.store.stockCalls[0]!.params.outerid_quantities).toBe('M-612345678902-1:0');
  });

  it('SKUs known by sku_id and by merchant code go in separate calls (Taobao ignores outerid_quantities next to skuid_quantities)', async () => {
    const items = seedItem('612345678904', 3);
    const mixed: StockPushItem[] = [
      { ...items[0]!, quantity: 7 },
      { skuCode: items[1]!.skuCode, platformProductId: '612345678904', platformSku: 'M-612345678904-1', quantity: 8 },
      { skuCode: items[2]!.skuCode, platformProductId: '612345678904', platformSku: 'M-612345678904-2', quantity: 9 },
    ];
    expect((await h.connector.pushStock(mixed)).failed).toEqual([]);
    expect([...h.fake.store.items.get('612345678904')!.skus.values()].map((s) => s.quantity)).toEqual([7, 8, 9]);
    expect(h.fake.store.stockCalls.map((c) => [c.params.skuid_quantities, c.params.outerid_quantities])).toEqual([
      ['6123456789040:7', undefined], [undefined, 'M-612345678904-1:8;M-612345678904-2:9'],
    ]);
  });

  it('throws rather than dropping items when the shop needs re-authorisation', async () => {
    const items = seedItem('612345678903', 2);
    h.fake.failNext('taobao.skus.quantity.update', topErrors.invalidSession);
    await expect(h.connector.pushStock(items)).rejects.toMatchObject({ kind: 'auth' });
  });
});
