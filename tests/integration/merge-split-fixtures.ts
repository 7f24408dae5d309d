import type { OrderDoc } from '../../src/db/models/order.model.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { insertShop } from '../helpers/orders.js';

export interface World {
  hub: TestHub;
  seller: { id: string; auth: { authorization: string } };
  shop: ShopDoc;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call: (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => Promise<{ statusCode: number; body: string; json: () => any }>;
  order: (id: string) => Promise<OrderDoc>;
  reservedTotal: () => Promise<number>;
  drift: () => ReturnType<typeof reconcileStock>;
}

/** A hub with warehouses, a default courier, SKUs and opening stock: `stock[warehouse][sku]`. */
export async function startWorld(stock: Record<string, Record<string, number>>, weights: Record<string, number> = {}): Promise<World> {
  const hub = await startTestHub();
  const seller = await hub.newSeller('Merge split');
  const call: World['call'] = (method, url, payload) => hub.app.inject({ method, url, headers: seller.auth, ...(payload ? { payload } : {}) });
  let priority = 1;
  for (const wh of Object.keys(stock)) await call('POST', '/v1/warehouses', { code: wh, name: wh, priority: priority++ });
  await call('POST', '/v1/couriers', { code: 'SF', name: 'SF', isDefault: true });
  const skus = new Set(Object.values(stock).flatMap((row) => Object.keys(row)));
  for (const sku of skus) {
    const res = await call('POST', '/v1/skus', { code: sku, name: sku, ...(weights[sku] !== undefined ? { weight: weights[sku] } : {}) });
    if (res.statusCode !== 201) throw new Error(`sku: ${res.body}`);
  }
  for (const [wh, row] of Object.entries(stock)) {
    for (const [sku, quantity] of Object.entries(row)) {
      const res = await call('POST', '/v1/stock/adjustments', { warehouseCode: wh, skuCode: sku, mode: 'set', quantity, reason: 'open', idempotencyKey: `open-${wh}-${sku}` });
      if (res.statusCode >= 300) throw new Error(`stock: ${res.body}`);
    }
  }
  const shop = await insertShop(hub.rt.ctx, seller.id, `shop_${seller.id.slice(-6)}`);
  return {
    hub, seller, shop, call,
    order: async (id) => (await hub.rt.ctx.models.Order.findById(id).lean<OrderDoc>())!,
    reservedTotal: async () => (await hub.rt.ctx.models.StockLevel.find({ sellerId: seller.id }).lean()).reduce((a, l) => a + l.reserved, 0),
    drift: () => reconcileStock(hub.rt.ctx.models, seller.id),
  };
}

export const qty = (o: Pick<OrderDoc, 'lines'>) => o.lines.reduce((a, l) => a + l.quantity - l.refundedQuantity, 0);
