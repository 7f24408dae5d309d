import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

export interface InvHarness {
  hub: TestHub;
  seller: Awaited<ReturnType<TestHub['newSeller']>>;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  adjust(warehouseCode: string, skuCode: string, quantity: number, key: string): Promise<void>;
  level(warehouseCode: string, skuCode: string): Promise<{ onHand: number; reserved: number; available: number }>;
  /** Every level equals its ledger: assert after every test. */
  assertLedger(): Promise<void>;
}

/** A hub with one seller, warehouses MAIN and EAST, SKUs SKU-A and SKU-B and a default courier. */
export async function startInventoryHub(): Promise<InvHarness> {
  const hub = await startTestHub();
  const seller = await hub.newSeller('Inventory Co');
  const call: InvHarness['call'] = (method, url, payload, headers = seller.auth) =>
    hub.app.inject({ method, url, headers: { ...headers, 'x-actor': 'clerk-1' }, ...(payload ? { payload } : {}) });
  for (const [code, priority] of [['MAIN', 10], ['EAST', 20]] as const) await call('POST', '/v1/warehouses', { code, name: code, priority });
  for (const code of ['SKU-A', 'SKU-B']) await call('POST', '/v1/skus', { code, name: code });
  await call('POST', '/v1/couriers', { code: 'UPS', name: 'UPS' });
  const h: InvHarness = {
    hub, seller, call,
    async adjust(warehouseCode, skuCode, quantity, key) {
      const res = await call('POST', '/v1/stock/adjustments', { warehouseCode, skuCode, mode: 'delta', quantity, reason: 'test', idempotencyKey: key });
      expect(res.statusCode, res.body).toBeLessThan(300);
    },
    async level(warehouseCode, skuCode) {
      const w = (await call('GET', '/v1/warehouses')).json().items.find((x: { code: string }) => x.code === warehouseCode);
      const items = (await call('GET', `/v1/stock?skuCode=${encodeURIComponent(skuCode)}&warehouseId=${w.id}`)).json().items;
      return items[0] ?? { onHand: 0, reserved: 0, available: 0 };
    },
    async assertLedger() {
      expect(await reconcileStock(hub.rt.ctx.models, seller.id)).toEqual([]);
    },
  };
  return h;
}
