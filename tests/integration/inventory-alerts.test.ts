import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/services/pipeline.service.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { startInventoryHub, type InvHarness } from './inventory-fixtures.js';

let h: InvHarness;
let shop: ShopDoc;
let n = 0;
beforeAll(async () => {
  h = await startInventoryHub();
  shop = await insertShop(h.hub.rt.ctx, h.seller.id, 'shop_alerts');
  await h.adjust('MAIN', 'SKU-A', 30, 'al-a');
  await h.adjust('MAIN', 'SKU-B', 10, 'al-b');
});
afterEach(async () => h.assertLedger());
afterAll(async () => h.hub.close());

async function sell(skuCode: string, quantity: number) {
  const ctx = h.hub.rt.ctx;
  const [orderId] = await importOrders(ctx, shop, [normalizedOrder({ skus: [[skuCode, quantity]] })]);
  expect((await runPipeline(ctx, h.seller.id, [orderId!])).allocated).toEqual([orderId]);
  expect((await h.call('POST', `/v1/orders/${orderId}/ship`, { trackingNumber: `1Z${++n}000`, courierCode: 'UPS' })).statusCode).toBe(201);
}
const evaluate = async () => (await h.call('POST', '/v1/inventory/alerts/evaluate', { skuCodes: ['SKU-A'] })).json();
const alertsOf = async (skuCode: string) => (await h.call('GET', `/v1/inventory/alerts?skuCode=${skuCode}`)).json().items;

describe('low-stock alerts (库存预警)', () => {
  it('raises once when crossing below, with a purchase suggestion from sales velocity, and re-arms above', async () => {
    const rule = await h.call('PUT', '/v1/inventory/alert-rules', { skuCode: 'SKU-A', threshold: 10, leadTimeDays: 7, coverDays: 14 });
    expect(rule.statusCode, rule.body).toBe(200);
    await sell('SKU-A', 15);
    expect((await evaluate()).raised).toEqual([]);
    await sell('SKU-A', 8); // available 7 < 10: crossing
    const first = await evaluate();
    expect(first.raised).toHaveLength(1);
    // 23 shipped over 28 days, (7 + 14) days: ceil(17.25) = 18, + safety 10 − available 7 = 21
    expect(first.raised[0]).toMatchObject({ skuCode: 'SKU-A', status: 'open', availableAtRaise: 7, suggestion: { kind: 'purchase', quantity: 21 } });

    await sell('SKU-A', 2); // still below: no new alert
    const again = await Promise.all([evaluate(), evaluate(), evaluate()]);
    expect(again.flatMap((r) => r.raised)).toEqual([]);
    expect(await alertsOf('SKU-A')).toHaveLength(1);
    expect(await h.hub.rt.ctx.models.Event.countDocuments({ type: 'alert.low_stock', sellerId: h.seller.id })).toBe(1);

    await h.adjust('MAIN', 'SKU-A', 20, 'al-a-restock'); // 25 ≥ 10: re-armed
    expect((await evaluate()).resolved).toHaveLength(1);
    expect((await alertsOf('SKU-A'))[0]).toMatchObject({ status: 'resolved', availableAtResolve: 25 });
    await h.adjust('MAIN', 'SKU-A', -20, 'al-a-loss');
    expect((await evaluate()).raised[0]).toMatchObject({ episode: 2 });
    expect((await h.call('GET', '/v1/inventory/alerts?status=open')).json().items.map((a: { episode: number }) => a.episode)).toEqual([2]);
  });

  it('a warehouse rule suggests a transfer from a warehouse with surplus, raised by the inventory operations themselves', async () => {
    const put = await h.call('PUT', '/v1/inventory/alert-rules', { skuCode: 'SKU-B', warehouseCode: 'EAST', threshold: 3 });
    expect(put.statusCode).toBe(200);
    const [alert] = await alertsOf('SKU-B');
    expect(alert).toMatchObject({ status: 'open', availableAtRaise: 0, suggestion: { kind: 'transfer', quantity: 3 } });
    const main = (await h.call('GET', '/v1/warehouses')).json().items.find((w: { code: string }) => w.code === 'MAIN');
    expect(alert.suggestion.fromWarehouseId).toBe(main.id);

    const t = (await h.call('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'EAST', lines: [{ skuCode: 'SKU-B', quantity: 3 }] })).json();
    await h.call('POST', `/v1/inventory/transfers/${t.id}/ship`);
    await h.call('POST', `/v1/inventory/transfers/${t.id}/receive`, { receiptId: 'r1', lines: [{ skuCode: 'SKU-B', quantity: 3 }] });
    expect((await alertsOf('SKU-B'))[0]).toMatchObject({ status: 'resolved', availableAtResolve: 3 });
  });

  it('refuses rules for unknown SKUs or warehouses and negative thresholds', async () => {
    expect((await h.call('PUT', '/v1/inventory/alert-rules', { skuCode: 'NOPE', threshold: 1 })).json().error.code).toBe('UNKNOWN_SKU');
    expect((await h.call('PUT', '/v1/inventory/alert-rules', { skuCode: 'SKU-A', warehouseCode: 'NOPE', threshold: 1 })).json().error.code).toBe('UNKNOWN_WAREHOUSE');
    expect((await h.call('PUT', '/v1/inventory/alert-rules', { skuCode: 'SKU-A', threshold: -1 })).statusCode).toBe(400);
    expect((await h.call('GET', '/v1/inventory/alert-rules')).json().items).toHaveLength(2);
  });
});

describe('low-stock suggestion and the supplier', () => {
  it("uses the lead time of the supplier purchasing would choose for the SKU", async () => {
    await h.call('POST', '/v1/skus', { code: 'SKU-L', name: 'Slow supplier item' });
    await h.adjust('MAIN', 'SKU-L', 30, 'open-l');
    const supplier = await h.call('POST', '/v1/suppliers', { code: 'SLOW', name: 'Slow Co', currency: 'USD', paymentTerms: { type: 'net', days: 30 }, leadTimeDays: 21 });
    expect(supplier.statusCode, supplier.body).toBe(201);
    expect((await h.call('PUT', `/v1/suppliers/${supplier.json().id}/prices`, { prices: [{ skuCode: 'SKU-L', unitPrice: '3.00' }] })).statusCode).toBe(200);
    await h.call('PUT', '/v1/inventory/alert-rules', { skuCode: 'SKU-L', threshold: 10, leadTimeDays: 7, coverDays: 14 });
    await sell('SKU-L', 28); // 1/day over 28 days; available 2
    const raised = (await h.call('POST', '/v1/inventory/alerts/evaluate', { skuCodes: ['SKU-L'] })).json().raised;
    // (21 supplier lead + 14 cover) × 1/day + safety 10 − available 2 = 43 (with the rule's 7 days it would be 29)
    expect(raised[0].suggestion).toMatchObject({ kind: 'purchase', quantity: 43 });
    expect(raised[0].suggestion.reason).toContain('lead 21');
    await h.assertLedger();
  });
});
