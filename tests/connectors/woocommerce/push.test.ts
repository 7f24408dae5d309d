import { afterEach, describe, expect, it } from 'vitest';
import type { ShipmentPush, StockPushItem } from '../../../connectors/types.js';
import { makeOrder } from '../../fakes/woocommerce/fixtures.js';
import { SHOP_ID, startWc, type WcHarness } from './harness.js';

let h: WcHarness;
afterEach(async () => h?.fake.close());

const parcel = (n: number, over: Partial<ShipmentPush> = {}): ShipmentPush => ({
  platformOrderId: '727', shipmentId: `shp-${n}`, trackingNumber: `00340434${n}`, courierCode: 'dhl', courierName: 'DHL',
  lines: [{ lineId: n === 1 ? '7271' : '7272', quantity: 1 }], partial: n === 1, shippedAt: new Date('2024-05-02T09:00:00Z'), ...over,
});

describe('WooCommerce shipment write-back of a split order', () => {
  it('declares order-level parcels with several tracking numbers', async () => {
    h = await startWc();
    expect(h.connector.capabilities).toMatchObject({ partialShipment: false, multipleTrackingNumbers: true, updateTrackingLater: false, stockMode: 'set', stockBatchMax: 100 });
  });

  it('notes mode: one customer note per parcel, completed only with the last, retries write nothing twice', async () => {
    h = await startWc();
    h.fake.orders.set(727, makeOrder(727, new Date('2024-05-01T10:00:00Z')));
    const first = await h.connector.pushShipment(parcel(1));
    expect(h.fake.orders.get(727)!.status).toBe('processing');
    const again = await h.connector.pushShipment(parcel(1)); // a retry after a lost answer
    expect(again.platformShipmentId).toBe(first.platformShipmentId);
    await h.connector.pushShipment(parcel(2));
    const notes = h.fake.notes.get(727)!;
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({ customer_note: true, note: expect.stringContaining('tracking number 003404341 (part of your order: 1× item 7271)') });
    expect(notes[1]!.note).toContain('tracking number 003404342');
    expect(h.fake.orders.get(727)!.status).toBe('completed');
    expect(h.limiter.acquired.every((a) => a.key === `woocommerce:${SHOP_ID}:shipments`)).toBe(true);
  });

  it('extension mode: one tracking item per parcel through the Shipment Tracking API', async () => {
    h = await startWc({ credentials: { tracking: 'extension' } });
    expect(h.connector.capabilities.updateTrackingLater).toBe(true);
    h.fake.orders.set(727, makeOrder(727, new Date('2024-05-01T10:00:00Z')));
    const a = await h.connector.pushShipment(parcel(1));
    await h.connector.pushShipment(parcel(2));
    const retry = await h.connector.pushShipment(parcel(2));
    const items = h.fake.trackings.get(727)!;
    expect(items.map((t) => t.tracking_number)).toEqual(['003404341', '003404342']);
    expect(items[0]).toMatchObject({ tracking_provider: 'DHL', date_shipped: '2024-05-02', tracking_id: a.platformShipmentId });
    expect(retry.platformShipmentId).toBe(items[1]!.tracking_id);
    expect(h.fake.orders.get(727)!.status).toBe('completed');
  });

  it('refuses to mark a cancelled order shipped and writes nothing', async () => {
    h = await startWc();
    h.fake.orders.set(727, makeOrder(727, new Date('2024-05-01T10:00:00Z'), { status: 'cancelled' }));
    await expect(h.connector.pushShipment(parcel(2))).rejects.toMatchObject({ kind: 'invalid', retryable: false });
    expect(h.fake.notes.get(727)).toBeUndefined();
    expect(h.fake.orders.get(727)!.status).toBe('cancelled');
  });

  it('reports an unknown order as not_found', async () => {
    h = await startWc();
    await expect(h.connector.pushShipment(parcel(1, { platformOrderId: '999' }))).rejects.toMatchObject({ kind: 'not_found', opts: { platformCode: 'woocommerce_rest_shop_order_invalid_id' } });
  });
});

describe('WooCommerce stock push', () => {
  it('pushes a burst through batch calls of at most 100 and reports per-item failures', async () => {
    h = await startWc();
    for (let i = 1; i <= 230; i++) h.fake.products.set(i, { id: i, sku: `SKU-${i}`, type: 'simple', parent_id: 0, manage_stock: false, stock_quantity: null });
    h.fake.products.set(301, { id: 301, sku: 'SHIRT', type: 'variable', parent_id: 0 });
    h.fake.variations.set(301, new Map([3011, 3012].map((v) => [v, { id: v, sku: `SHIRT-${v}`, type: 'variation', parent_id: 301, stock_quantity: 0 }])));
    const items: StockPushItem[] = [];
    for (let i = 1; i <= 230; i++) items.push({ skuCode: `SKU-${i}`, platformProductId: String(i), quantity: i % 7 });
    items.push({ skuCode: 'GONE', platformProductId: '777', quantity: 3 }); // deleted on the shop
    items.push({ skuCode: 'SHIRT-M', platformProductId: '301', platformVariantId: '3011', quantity: 12 });
    items.push({ skuCode: 'SHIRT-L', platformSku: 'SHIRT-3012', quantity: -2 }); // found by SKU, never negative
    items.push({ skuCode: 'NOPE', quantity: 1 }); // no listing with that SKU
    const res = await h.connector.pushStock(items);
    expect(res.failed).toEqual([
      { skuCode: 'NOPE', reason: 'no WooCommerce product with SKU NOPE' },
      { skuCode: 'GONE', reason: 'woocommerce_rest_product_invalid_id: Invalid ID.' },
    ]);
    const batches = h.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/batch'));
    expect(batches.map((b) => [b.path, (b.body as { update: unknown[] }).update.length])).toEqual([
      ['/wc/v3/products/batch', 100], ['/wc/v3/products/batch', 100], ['/wc/v3/products/batch', 31], ['/wc/v3/products/301/variations/batch', 2],
    ]);
    expect(h.fake.products.get(13)).toMatchObject({ manage_stock: true, stock_quantity: 6, stock_status: 'instock' });
    expect(h.fake.products.get(14)).toMatchObject({ stock_quantity: 0, stock_status: 'outofstock' });
    expect(h.fake.variations.get(301)!.get(3011)).toMatchObject({ stock_quantity: 12 });
    expect(h.fake.variations.get(301)!.get(3012)).toMatchObject({ stock_quantity: 0 });
    expect(h.limiter.acquired.every((a) => a.key === `woocommerce:${SHOP_ID}:stock`)).toBe(true);
  });

  it('delists at zero and lists again: products leave the catalogue, variations turn private', async () => {
    h = await startWc();
    expect(h.connector.capabilities.delistAtZero).toBe(true);
    h.fake.products.set(1, { id: 1, sku: 'A', type: 'simple', parent_id: 0, catalog_visibility: 'visible' });
    h.fake.products.set(2, { id: 2, sku: 'B', type: 'simple', parent_id: 0, catalog_visibility: 'visible' });
    h.fake.products.set(3, { id: 3, sku: 'V', type: 'variable', parent_id: 0 });
    h.fake.variations.set(3, new Map([[31, { id: 31, sku: 'V-1', type: 'variation', parent_id: 3, status: 'publish' }]]));
    const res = await h.connector.pushStock([
      { skuCode: 'A', platformProductId: '1', quantity: 0, listed: false },
      { skuCode: 'B', platformProductId: '2', quantity: 4 },
      { skuCode: 'V-1', platformProductId: '3', platformVariantId: '31', quantity: 0, listed: false },
    ]);
    expect(res.failed).toEqual([]);
    expect(h.fake.products.get(1)).toMatchObject({ stock_quantity: 0, catalog_visibility: 'hidden' });
    expect(h.fake.products.get(2)).toMatchObject({ stock_quantity: 4, catalog_visibility: 'visible' });
    expect(h.fake.variations.get(3)!.get(31)).toMatchObject({ stock_quantity: 0, status: 'private' });
    await h.connector.pushStock([{ skuCode: 'A', platformProductId: '1', quantity: 5, listed: true }, { skuCode: 'V-1', platformProductId: '3', platformVariantId: '31', quantity: 2, listed: true }]);
    expect(h.fake.products.get(1)).toMatchObject({ stock_quantity: 5, catalog_visibility: 'visible' });
    expect(h.fake.variations.get(3)!.get(31)).toMatchObject({ status: 'publish' });
  });

  it('throws (for a retry) when the host throttles every attempt, instead of reporting items failed', async () => {
    h = await startWc();
    h.fake.products.set(1, { id: 1, sku: 'A' });
    h.fake.failNext((r) => r.path === '/wc/v3/products/batch', { status: 429, body: '', headers: { 'retry-after': '2' } }, 4);
    await expect(h.connector.pushStock([{ skuCode: 'A', platformProductId: '1', quantity: 1 }])).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
  });
});
