import type { TestHub } from '../helpers/hub.js';

export type Seller = Awaited<ReturnType<TestHub['newSeller']>>;

/** An API caller for one seller, acting as a named clerk. */
export const caller = (hub: TestHub, seller: Seller) => (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: { ...seller.auth, 'x-actor': 'ops-lee' }, ...(payload ? { payload } : {}) });

let k = 0;
/** Two warehouses (EAST preferred), three couriers (POST is the default), SKUs A/B with weights and stock in both warehouses. */
export async function seedCatalog(hub: TestHub, seller: Seller): Promise<void> {
  const call = caller(hub, seller);
  const ok = async (p: Promise<{ statusCode: number; body: string }>) => {
    const r = await p;
    if (r.statusCode >= 300) throw new Error(`seed failed: ${r.body}`);
  };
  await ok(call('POST', '/v1/warehouses', { code: 'EAST', name: 'East', priority: 10 }));
  await ok(call('POST', '/v1/warehouses', { code: 'WEST', name: 'West', priority: 20 }));
  await ok(call('POST', '/v1/couriers', { code: 'POST', name: 'Post', isDefault: true }));
  await ok(call('POST', '/v1/couriers', { code: 'SF', name: 'SF Express' }));
  await ok(call('POST', '/v1/couriers', { code: 'YTO', name: 'YTO' }));
  await ok(call('POST', '/v1/skus', { code: 'SKU-A', name: 'A', weight: 400 }));
  await ok(call('POST', '/v1/skus', { code: 'SKU-B', name: 'B', weight: 1500 }));
  for (const w of ['EAST', 'WEST']) {
    for (const sku of ['SKU-A', 'SKU-B']) {
      await ok(call('POST', '/v1/stock/adjustments', { warehouseCode: w, skuCode: sku, mode: 'set', quantity: 50, reason: 'seed', idempotencyKey: `seed-${seller.id}-${w}-${sku}-${k++}` }));
    }
  }
}

export async function createRule(hub: TestHub, seller: Seller, body: object): Promise<{ id: string; version: number }> {
  const r = await caller(hub, seller)('POST', '/v1/rules', body);
  if (r.statusCode !== 201) throw new Error(`rule creation failed: ${r.body}`);
  return r.json();
}
