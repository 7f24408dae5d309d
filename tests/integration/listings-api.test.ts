import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

let hub: TestHub;
let auth: { authorization: string };
let other: { authorization: string };
let shop: ShopDoc;

beforeAll(async () => {
  hub = await startTestHub();
  const s = await hub.newSeller();
  auth = s.auth;
  other = (await hub.newSeller('Other')).auth;
  for (const code of ['SKU-A', 'SKU-B', 'SKU-C']) await hub.app.inject({ method: 'POST', url: '/v1/skus', headers: auth, payload: { code, name: code } });
  shop = await insertShop(hub.rt.ctx, s.id, 'shop_lst');
  // The import maps lines to SKUs by merchant SKU code and remembers each listing.
  await importOrders(hub.rt.ctx, shop, [normalizedOrder({ skus: [['SKU-A', 1], ['SKU-B', 1]] })]);
});
afterAll(async () => hub.close());

const list = (query = '', headers = auth) => hub.app.inject({ method: 'GET', url: `/v1/listings${query}`, headers });
const put = (id: string, skuCode: string, headers = auth) => hub.app.inject({ method: 'PUT', url: `/v1/listings/${encodeURIComponent(id)}`, headers, payload: { skuCode } });

describe('listing ↔ SKU mapping API', () => {
  it('lists the listings the import mapped automatically, a page at a time', async () => {
    const all = await list(`?shopId=${shop._id}`);
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((l: { skuCode: string; mappedBy: string; platformSku: string }) => [l.skuCode, l.mappedBy, l.platformSku])).toEqual([['SKU-A', 'auto', 'SKU-A'], ['SKU-B', 'auto', 'SKU-B']]);
    const first = (await list('?limit=1')).json();
    expect(first.items).toHaveLength(1);
    const second = (await list(`?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second.items[0].skuCode).toBe('SKU-B');
    expect(second.nextCursor).toBeNull();
    expect((await list('', other)).json().items).toEqual([]);
  });

  it('a manual override maps the listing to another SKU, and later orders with that platform SKU follow it', async () => {
    const id = `${shop._id}:SKU-B`;
    const res = await put(id, 'SKU-C');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, skuCode: 'SKU-C', mappedBy: 'manual', platformSku: 'SKU-B' });
    const [orderId] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ skus: [['SKU-B', 2]] })]);
    const order = await hub.rt.ctx.models.Order.findById(orderId).lean();
    expect(order?.lines[0]?.skuCode).toBe('SKU-C');
    // The import did not undo the override or add a second listing for the same SKU.
    const after = (await list(`?shopId=${shop._id}`)).json().items.map((l: { id: string; skuCode: string }) => [l.id, l.skuCode]);
    expect(after).toEqual([[`${shop._id}:SKU-A`, 'SKU-A'], [id, 'SKU-C']]);
  });

  it('refuses an unknown SKU, a SKU another listing of the shop has, and another seller\'s listing', async () => {
    expect((await put(`${shop._id}:SKU-A`, 'NOPE')).statusCode).toBe(422);
    const taken = await put(`${shop._id}:SKU-A`, 'SKU-C');
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error?.code ?? taken.body).toContain('CONFLICT');
    expect((await put(`${shop._id}:SKU-A`, 'SKU-B', other)).statusCode).toBe(404);
    expect((await put('shop_lst:missing', 'SKU-A')).statusCode).toBe(404);
  });

  it('creates a manual listing for a platform product the import could not map', async () => {
    const [orderId] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ skus: [['VENDOR-X', 1]] })]);
    expect((await hub.rt.ctx.models.Order.findById(orderId).lean())?.lines[0]?.skuCode ?? null).toBeNull();
    const res = await hub.app.inject({ method: 'POST', url: '/v1/listings', headers: auth, payload: { shopId: shop._id, skuCode: 'SKU-B', platformSku: 'VENDOR-X' } });
    expect(res.statusCode, res.body).toBe(201);
    const [next] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ skus: [['VENDOR-X', 1]] })]);
    expect((await hub.rt.ctx.models.Order.findById(next).lean())?.lines[0]?.skuCode).toBe('SKU-B');
    const again = await hub.app.inject({ method: 'POST', url: '/v1/listings', headers: auth, payload: { shopId: shop._id, skuCode: 'SKU-B', platformSku: 'VENDOR-Y' } });
    expect(again.statusCode).toBe(409);
    const bare = await hub.app.inject({ method: 'POST', url: '/v1/listings', headers: auth, payload: { shopId: shop._id, skuCode: 'SKU-A' } });
    expect(bare.statusCode).toBe(400);
  });
});
