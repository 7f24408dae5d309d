import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../../src/api/server.js';
import { insertShop } from '../helpers/orders.js';
import { purchasingWorld, type PurchasingWorld } from './purchasing-fixtures.js';

let w: PurchasingWorld;
let poId: string;
let transferId: string;
beforeAll(async () => {
  w = await purchasingWorld();
  for (const code of ['W2', 'W3']) await w.ok('POST', '/v1/warehouses', { code, name: code });
  for (const code of ['UPS', 'DHL', 'SF']) await w.ok('POST', '/v1/couriers', { code, name: code });
  for (const id of ['shop_p1', 'shop_p2', 'shop_p3']) await insertShop(w.hub.rt.ctx, w.seller.id, id);
  for (const skuCode of ['SKU-A', 'SKU-B', 'SKU-C']) {
    await w.ok('POST', '/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode, mode: 'set', quantity: 50, reason: 'count', idempotencyKey: `adj-${skuCode}` });
    await w.ok('PUT', '/v1/inventory/alert-rules', { skuCode, threshold: 5 });
  }
  for (const name of ['r1', 'r2', 'r3']) await w.ok('POST', '/v1/rules', { kind: 'remark_present', name, params: {} });
  await w.ok('PUT', `/v1/suppliers/${w.supplier.id}/prices`, { prices: [{ skuCode: 'SKU-C', unitPrice: '1.00' }] });
  for (const code of ['S2', 'S3']) {
    const s = await w.ok('POST', '/v1/suppliers', { code, name: code, currency: 'USD', paymentTerms: { type: 'net', days: 30 }, leadTimeDays: 3 });
    await w.ok('PUT', `/v1/suppliers/${s.id}/prices`, { prices: [{ skuCode: 'SKU-A', unitPrice: '3.00' }] });
  }
  const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 100 }]);
  poId = po.id;
  for (const i of [1, 2, 3]) {
    await w.ok('POST', `/v1/purchase-orders/${poId}/receipts`, { idempotencyKey: `rcv-${i}`, lines: [{ lineId: 'L1', receivedQty: 10, acceptedQty: 8, rejectedQty: 2, rejectReason: 'dented' }] });
  }
  for (const i of [1, 2, 3]) await w.ok('POST', `/v1/purchase-orders/${poId}/returns`, { idempotencyKey: `ret-${i}`, lines: [{ lineId: 'L1', quantity: 1 }] });
  const t = await w.ok('POST', '/v1/inventory/transfers', { fromWarehouseCode: 'MAIN', toWarehouseCode: 'W2', lines: ['SKU-A', 'SKU-B', 'SKU-C'].map((skuCode) => ({ skuCode, quantity: 1 })) });
  transferId = t.id;
  await w.ok('POST', `/v1/inventory/transfers/${transferId}/ship`);
}, 120_000);
afterAll(async () => w.hub.close());

/** Every list route, with a URL that lists at least three items for the seeded seller. */
const lists = () => [
  '/v1/shops', '/v1/warehouses', '/v1/skus', '/v1/couriers', '/v1/stock', '/v1/inventory/alert-rules', '/v1/inventory/in-transit', '/v1/rules',
  `/v1/purchase-orders/${poId}/receipts`, `/v1/purchase-orders/${poId}/returns`, `/v1/suppliers/${w.supplier.id}/prices`, '/v1/purchasing/sku-suppliers/SKU-A',
  '/v1/orders', '/v1/exceptions', '/v1/listings', '/v1/stock/movements', '/v1/purchase-orders', '/v1/suppliers', '/v1/inventory/stocktakes',
  '/v1/inventory/transfers', '/v1/inventory/alerts', '/v1/aftersales/tickets',
  '/v1/api-keys', '/v1/webhook-endpoints', '/v1/webhook-event-types', '/v1/exceptions/unparseable',
];
const get = (url: string) => w.call('GET', url);

describe('every list route is paginated with a capped limit', () => {
  it('the eleven (and more) lists that returned everything now page: limit=2 then the cursor, no item twice, none lost', async () => {
    for (const url of lists().slice(0, 12)) {
      const sep = url.includes('?') ? '&' : '?';
      const all = await get(`${url}${sep}limit=200`);
      expect(all.statusCode, url).toBe(200);
      const total = all.json().items.length;
      expect(total, url).toBeGreaterThanOrEqual(3);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`${url}${sep}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, url).toBe(200);
        expect(res.json().items.length, url).toBeLessThanOrEqual(2);
        seen.push(...res.json().items.map((i: object) => JSON.stringify(i)));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(seen, url).toEqual(all.json().items.map((i: object) => JSON.stringify(i)));
    }
  });

  it('no GET route answers a list without nextCursor', async () => {
    const unpaged: string[] = [];
    for (const r of routesOf(w.hub.app).filter((x) => x.method === 'GET' && !x.public)) {
      const url = r.url.replace(':id', r.url.startsWith('/v1/suppliers') ? w.supplier.id : r.url.includes('transfers') ? transferId : poId).replace(/:[A-Za-z]+/g, 'SKU-A');
      const res = await get(url);
      const b = res.statusCode === 200 ? res.json() : {};
      if (Array.isArray(b.items) && !('nextCursor' in b || 'next' in b)) unpaged.push(r.url);
    }
    expect(unpaged).toEqual([]);
  });

  it('a limit over the cap is refused, with the field named', async () => {
    for (const url of lists()) {
      const res = await get(`${url}${url.includes('?') ? '&' : '?'}limit=100000`);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('VALIDATION_FAILED');
      expect(res.json().error.message, url).toMatch(/limit/);
    }
  });

  it('an unknown query parameter answers 400 UNKNOWN_QUERY_PARAMETER instead of being ignored', async () => {
    for (const url of lists()) {
      const res = await get(`${url}?stauts=open`);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error, url).toMatchObject({ code: 'UNKNOWN_QUERY_PARAMETER', details: { unknown: ['stauts'] } });
    }
  });

  it('a forged cursor is a 400, not a 500', async () => {
    for (const url of lists().slice(0, 12)) {
      const res = await get(`${url}${url.includes('?') ? '&' : '?'}cursor=bm9wZQ`);
      expect(res.statusCode, url).toBe(400);
    }
  });
});

describe('router and HTTP parser errors answer in the documented shape', () => {
  it('404 for an unknown route', async () => {
    const res = await get('/v1/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } });
  });

  it('414 for a path segment longer than the router takes', async () => {
    const res = await get(`/v1/orders/${'x'.repeat(5000)}`);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: { code: 'URI_TOO_LONG', message: expect.any(String) } });
  });

  it('400 for a URL that does not decode', async () => {
    const res = await get('/v1/orders/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it("431 from Node's parser (headers too large) in the same shape, on a real socket", async () => {
    await w.hub.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = w.hub.app.server.address() as AddressInfo;
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', headers: { 'x-big': 'a'.repeat(64 * 1024) } }, (r) => {
        let body = '';
        r.on('data', (c: Buffer) => { body += c.toString(); });
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) } });
  });
});
