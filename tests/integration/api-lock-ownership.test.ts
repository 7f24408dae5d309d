import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { purchasingWorld, type PurchasingWorld } from './purchasing-fixtures.js';

let w: PurchasingWorld;
let intruder: Awaited<ReturnType<TestHub['newSeller']>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await purchasingWorld();
  intruder = await w.hub.newSeller('Intruder');
  const shop = await insertShop(w.hub.rt.ctx, w.seller.id, 'shop_owner');
  ids.order = (await importOrders(w.hub.rt.ctx, shop, [normalizedOrder()]))[0]!;
  ids.po = (await w.approvedPo([{ skuCode: 'SKU-A', quantity: 10 }])).id;
  ids.rule = (await w.ok('POST', '/v1/rules', { kind: 'remark_present', name: 'Remarks', params: {} })).id;
  await w.ok('POST', '/v1/warehouses', { code: 'W2', name: 'W2' });
  ids.transfer = (await w.ok('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'W2', lines: [{ skuCode: 'SKU-A', quantity: 1 }] })).id;
  ids.stocktake = (await w.ok('POST', '/v1/inventory/stocktakes', { warehouseCode: 'MAIN' })).id;
  ids.ticket = 'tkt_owner_unknown';
  ids.supplier = w.supplier.id;
}, 120_000);
afterAll(async () => w.hub.close());

type Case = [method: 'POST' | 'PUT' | 'PATCH', path: string, lock: string, body?: object];
const cases = (): Case[] => {
  const o = ids.order!, po = ids.po!, t = ids.transfer!, st = ids.stocktake!, tk = ids.ticket!, r = ids.rule!, s = ids.supplier!;
  return [
    ['POST', `/v1/orders/${o}/ship`, `order:${o}`, { trackingNumber: 'TRK12345', courierCode: 'UPS' }],
    ['POST', `/v1/orders/${o}/release`, `order:${o}`],
    ['POST', `/v1/orders/${o}/cancel`, `order:${o}`, { reason: 'mine now' }],
    ['PATCH', `/v1/orders/${o}/address`, `order:${o}`, { city: 'Elsewhere' }],
    ['PUT', `/v1/orders/${o}/lines/l1/sku`, `order:${o}`, { skuCode: 'SKU-A' }],
    ['PUT', `/v1/orders/${o}/assignment`, `order:${o}`, { warehouseCode: 'MAIN' }],
    ['POST', `/v1/orders/${o}/notes`, `order:${o}`, { text: 'hello' }],
    ['POST', `/v1/orders/${o}/pick`, `order:${o}`],
    ['POST', `/v1/orders/${o}/restock`, `order:${o}`],
    ['POST', `/v1/orders/${o}/split`, `order:${o}`, { parcels: [{ lines: [{ lineId: 'l1', quantity: 1 }] }, { lines: [{ lineId: 'l1', quantity: 1 }] }] }],
    ['PUT', `/v1/orders/${o}/do-not-merge`, `order:${o}`, { doNotMerge: true }],
    ['POST', '/v1/orders/merge', `order:${o}`, { orderIds: [o, 'ord_other'] }],
    ['POST', `/v1/aftersales/tickets/${tk}/receive`, `inv:ticket:${tk}`, { warehouseCode: 'MAIN', lines: [] }],
    ['POST', `/v1/aftersales/tickets/${tk}/replacement`, `inv:ticket:${tk}`],
    ['POST', `/v1/aftersales/tickets/${tk}/cancel`, `inv:ticket:${tk}`],
    ['POST', `/v1/inventory/stocktakes/${st}/counts`, `inv:stocktake:${st}`, { counter: 'c1', entries: [{ entryId: 'e1', skuCode: 'SKU-A', quantity: 1 }] }],
    ['POST', `/v1/inventory/stocktakes/${st}/approve`, `inv:stocktake:${st}`],
    ['POST', `/v1/inventory/stocktakes/${st}/cancel`, `inv:stocktake:${st}`],
    ['POST', `/v1/inventory/transfers/${t}/ship`, `inv:transfer:${t}`],
    ['POST', `/v1/inventory/transfers/${t}/receive`, `inv:transfer:${t}`, { receiptId: 'r1', lines: [{ skuCode: 'SKU-A', quantity: 1 }] }],
    ['POST', `/v1/inventory/transfers/${t}/close`, `inv:transfer:${t}`, { reason: 'mine' }],
    ['POST', `/v1/inventory/transfers/${t}/cancel`, `inv:transfer:${t}`],
    ['PATCH', `/v1/rules/${r}`, `rule:${r}`, { name: 'taken over' }],
    ['POST', `/v1/rules/${r}/enable`, `rule:${r}`],
    ['POST', `/v1/rules/${r}/disable`, `rule:${r}`],
    ['PATCH', `/v1/purchase-orders/${po}`, `po:${po}`, { notes: 'x' }],
    ['POST', `/v1/purchase-orders/${po}/approve`, `po:${po}`],
    ['POST', `/v1/purchase-orders/${po}/cancel`, `po:${po}`],
    ['POST', `/v1/purchase-orders/${po}/close`, `po:${po}`],
    ['POST', `/v1/purchase-orders/${po}/receipts`, `po:${po}`, { idempotencyKey: 'k1', lines: [{ lineId: 'L1', receivedQty: 1, acceptedQty: 1 }] }],
    ['POST', `/v1/purchase-orders/${po}/returns`, `po:${po}`, { idempotencyKey: 'k1', lines: [{ lineId: 'L1', quantity: 1 }] }],
    ['POST', `/v1/purchase-orders/${po}/invoices`, `po:${po}`, { number: 'INV-1', amount: '1.00', currency: 'USD' }],
    ['POST', `/v1/purchase-orders/${po}/payments`, `po:${po}`, { idempotencyKey: 'k1', amount: '1.00', currency: 'USD' }],
    ['PATCH', `/v1/suppliers/${s}`, `supplier:${s}`, { name: 'taken over' }],
    ['PUT', `/v1/suppliers/${s}/prices`, `supplier:${s}`, { prices: [{ skuCode: 'SKU-A', unitPrice: '0.01' }] }],
  ];
};

describe("ownership is checked before any lock: another seller's flood never touches the owner's lock", () => {
  it('while the owner holds the lock, every foreign request answers 404 at once (it neither takes nor waits on the lock)', async () => {
    const problems: string[] = [];
    for (const [method, url, lock, body] of cases()) {
      // A real lock holder: if a foreign request took or waited on this lock it would stall until its lock wait ran out (503).
      await w.hub.rt.ctx.locks.withLock(lock, async () => {
        const flood = await Promise.all(Array.from({ length: 5 }, () =>
          w.hub.app.inject({ method, url, headers: intruder.auth, ...(body ? { payload: body } : {}) })));
        for (const res of flood) if (res.statusCode !== 404 || res.json().error.code !== 'NOT_FOUND') problems.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 100)}`);
      }, { waitMs: 1000 });
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('bulk actions check each order before locking it: the foreign id fails on its own with NOT_FOUND', async () => {
    const o = ids.order!;
    await w.hub.rt.ctx.locks.withLock(`order:${o}`, async () => {
      const res = await w.hub.app.inject({ method: 'POST', url: '/v1/exceptions/bulk', headers: intruder.auth, payload: { action: 'note', orderIds: [o], text: 'x' } });
      expect(res.statusCode).toBe(200);
      expect(res.json().results).toEqual([{ orderId: o, ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } }]);
    }, { waitMs: 1000 });
  });

  it('the owner still writes its own order, and nothing of the flood was written', async () => {
    const before = await w.hub.rt.ctx.models.Order.findById(ids.order).lean();
    const res = await w.call('POST', `/v1/orders/${ids.order}/notes`, { text: 'owner note' });
    expect(res.statusCode).toBe(201);
    const rule = await w.ok('GET', `/v1/rules/${ids.rule}`);
    expect(rule.version).toBe(1);
    expect(before?.timeline.some((e: { type: string }) => e.type === 'note')).toBe(false);
    const keys = await w.hub.rt.redis.keys(`${w.hub.config.QUEUE_PREFIX}:lock:*`);
    expect(keys).toEqual([]);
  });
});
