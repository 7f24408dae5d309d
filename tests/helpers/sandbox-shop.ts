import type { AddressInfo } from 'node:net';
import { buildSandboxServer, type Sandbox } from '../../src/sandbox/server.js';
import type { TestHub } from './hub.js';

export interface SandboxSeller {
  sandbox: Sandbox;
  seller: { id: string; auth: { authorization: string } };
  shopId: string;
}

/**
 * A sandbox storefront on a loopback port (its clock 3 s behind, past the connector's settle lag) and a seller
 * with one warehouse, a default courier, one SKU with `stock` units listed on the storefront, and a shop on it.
 */
export async function sandboxSeller(hub: TestHub, opts: { name: string; apiKey: string; webhookSecret: string; sku: string; stock: number }): Promise<SandboxSeller> {
  const sandbox = buildSandboxServer({ apiKey: opts.apiKey, webhookSecret: opts.webhookSecret, now: () => new Date(Date.now() - 3000) });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const seller = await hub.newSeller(opts.name);
  const call = async (url: string, payload: object) => {
    const res = await hub.app.inject({ method: 'POST', url, headers: seller.auth, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>();
  };
  await call('/v1/warehouses', { code: 'MAIN', name: 'Main', priority: 1 });
  await call('/v1/couriers', { code: 'SF', name: 'SF', isDefault: true });
  await call('/v1/skus', { code: opts.sku, name: opts.sku });
  await call('/v1/stock/adjustments', { warehouseCode: 'MAIN', skuCode: opts.sku, mode: 'set', quantity: opts.stock, reason: 'opening', idempotencyKey: 'open' });
  sandbox.store.upsertProduct({ sku: opts.sku, title: opts.sku, price: '9.90', available: 100 });
  const shop = await call('/v1/shops', {
    platform: 'sandbox', name: 'Sandbox', credentials: { apiKey: opts.apiKey, webhookSecret: opts.webhookSecret },
    apiBaseUrl: `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`,
  });
  return { sandbox, seller, shopId: shop.id };
}
