import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Ctx } from '../context.js';
import { createCourier, createSku, createWarehouse } from '../services/catalog.service.js';
import { createSeller } from '../services/sellers.service.js';
import { createShop } from '../services/shops.service.js';
import { adjustStock } from '../services/stock.service.js';

export const demoSkus = [
  { code: 'TEE-BLK-M', name: 'T-shirt black M', weight: 180 },
  { code: 'TEE-WHT-L', name: 'T-shirt white L', weight: 190 },
  { code: 'MUG-12OZ', name: 'Mug 12 oz', weight: 350 },
  { code: 'CAP-NAVY', name: 'Cap navy', weight: 120 },
];

export interface DemoState {
  sellerId: string;
  apiKey: string;
  shopId: string;
}

/**
 * The demo seller, its warehouses, SKUs with stock, a default courier and a sandbox shop. Made once; the
 * state file remembers the seller's API key (shown at every start) and the shop.
 */
export async function ensureDemoData(ctx: Ctx, statePath: string, sandbox: { baseUrl: string; apiKey: string; webhookSecret: string }): Promise<DemoState> {
  if (existsSync(statePath)) {
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as DemoState;
    if (await ctx.models.Shop.exists({ _id: state.shopId })) {
      await ctx.models.Shop.updateOne({ _id: state.shopId }, { $set: { apiBaseUrl: sandbox.baseUrl, status: 'active' } });
      return state;
    }
  }
  const { seller, apiKey } = await createSeller(ctx, 'Demo seller');
  await createWarehouse(ctx, seller._id, { code: 'SH-01', name: 'Shanghai main', region: 'CN-SH', priority: 10 });
  await createWarehouse(ctx, seller._id, { code: 'LA-01', name: 'Los Angeles', region: 'US-CA', priority: 20 });
  await createCourier(ctx, seller._id, { code: 'SF', name: 'SF Express', isDefault: true });
  await createCourier(ctx, seller._id, { code: 'UPS', name: 'UPS' });
  for (const [i, sku] of demoSkus.entries()) {
    await createSku(ctx, seller._id, sku);
    await adjustStock(ctx, seller._id, { warehouseCode: 'SH-01', skuCode: sku.code, mode: 'set', quantity: 5 + i * 3, reason: 'opening stock', idempotencyKey: `demo-open-sh-${sku.code}` });
    await adjustStock(ctx, seller._id, { warehouseCode: 'LA-01', skuCode: sku.code, mode: 'set', quantity: 2 * i, reason: 'opening stock', idempotencyKey: `demo-open-la-${sku.code}` });
  }
  const shop = await createShop(ctx, seller._id, {
    platform: 'sandbox',
    name: 'Sandbox storefront',
    credentials: { apiKey: sandbox.apiKey, webhookSecret: sandbox.webhookSecret },
    apiBaseUrl: sandbox.baseUrl,
  });
  const state = { sellerId: seller._id, apiKey, shopId: shop._id };
  writeFileSync(statePath, JSON.stringify(state, null, 2), { mode: 0o600 });
  return state;
}
