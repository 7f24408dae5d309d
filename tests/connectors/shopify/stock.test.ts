import { afterEach, describe, expect, it } from 'vitest';
import type { StockPushItem } from '../../../connectors/types.js';
import type { FakeShopify } from '../../fakes/shopify/server.js';
import { startShop } from './harness.js';

let fake: FakeShopify | undefined;
afterEach(async () => fake?.stop());

function catalogue(f: FakeShopify, n: number) {
  f.state.variants = Array.from({ length: n }, (_, i) => ({ id: String(40000 + i), sku: `SKU-${i}`, inventoryItemId: String(80000 + i) }));
}

describe('Shopify pushStock', () => {
  it('pushes a burst of 600 levels in bulk calls of at most 250', async () => {
    const shop = await startShop({ locationId: '655441492' });
    fake = shop.fake;
    catalogue(fake, 600);
    const items: StockPushItem[] = Array.from({ length: 600 }, (_, i) => ({ skuCode: `SKU-${i}`, platformVariantId: String(40000 + i), quantity: i % 7 }));
    const r = await shop.connector.pushStock(items);
    expect(r.failed).toEqual([]);
    const sets = fake.callsOf('HubSetStock').map((c) => c.variables.input as { name: string; ignoreCompareQuantity: boolean; quantities: unknown[] });
    expect(sets.map((s) => s.quantities.length)).toEqual([250, 250, 100]);
    expect(sets.every((s) => s.name === 'available' && s.ignoreCompareQuantity)).toBe(true);
    expect(fake.state.levels.size).toBe(600);
    expect(fake.state.levels.get('80599@655441492')).toBe(599 % 7);
    expect(fake.callsOf('HubPrimaryLocation')).toHaveLength(0);
    expect(shop.connector.capabilities.stockBatchMax).toBe(250);
  });

  it('finds variants by SKU at the primary location and reports unknown ones as failed', async () => {
    const shop = await startShop();
    fake = shop.fake;
    catalogue(fake, 3);
    fake.state.variants.push({ id: '49999', sku: 'SKU-"QUOTED"', inventoryItemId: '89999' });
    const r = await shop.connector.pushStock([
      { skuCode: 'SKU-0', quantity: 5 },
      { skuCode: 'hub-1', platformSku: 'SKU-1', quantity: -2 },
      { skuCode: 'SKU-"QUOTED"', quantity: 1 },
      { skuCode: 'NOPE', quantity: 9 },
      { skuCode: 'GONE', platformVariantId: '123', quantity: 9 },
    ]);
    expect(r.failed).toEqual([
      { skuCode: 'GONE', reason: 'no Shopify variant 123' },
      { skuCode: 'NOPE', reason: 'no Shopify variant with SKU NOPE' },
    ]);
    expect(Object.fromEntries(fake.state.levels)).toEqual({ '80000@655441491': 5, '80001@655441491': 0, '89999@655441491': 1 });
  });

  it('reports the items Shopify refuses and still sets the others', async () => {
    const shop = await startShop();
    fake = shop.fake;
    catalogue(fake, 4);
    fake.state.deletedInventoryItems.add('80002');
    const r = await shop.connector.pushStock([0, 1, 2, 3].map((i) => ({ skuCode: `SKU-${i}`, platformVariantId: String(40000 + i), quantity: 10 + i })));
    expect(r.failed).toEqual([{ skuCode: 'SKU-2', reason: 'INVALID_INVENTORY_ITEM: The specified inventory item could not be found.' }]);
    expect([...fake.state.levels.keys()].sort()).toEqual(['80000@655441491', '80001@655441491', '80003@655441491']);
    expect(fake.callsOf('HubSetStock')).toHaveLength(2);
  });

  it('delists a product at zero (DRAFT) and lists it again (ACTIVE); a product stays on sale while a variant is listed', async () => {
    const shop = await startShop();
    fake = shop.fake;
    catalogue(fake, 3);
    for (const id of ['7001', '7002']) fake.state.products.add(id);
    expect(shop.connector.capabilities.delistAtZero).toBe(true);
    const r = await shop.connector.pushStock([
      { skuCode: 'SKU-0', platformVariantId: '40000', platformProductId: '7001', quantity: 0, listed: false },
      { skuCode: 'SKU-1', platformVariantId: '40001', platformProductId: '7002', quantity: 0, listed: false },
      { skuCode: 'SKU-2', platformVariantId: '40002', platformProductId: '7002', quantity: 4, listed: true },
      { skuCode: 'NOPROD', platformSku: 'SKU-0', quantity: 0, listed: false },
    ]);
    expect(r.failed).toEqual([{ skuCode: 'NOPROD', reason: 'no Shopify product id to list or delist' }]);
    expect(fake.state.productStatus.get('7001')).toBe('DRAFT');
    expect(fake.state.productStatus.get('7002')).toBe('ACTIVE');
    await shop.connector.pushStock([{ skuCode: 'SKU-0', platformVariantId: '40000', platformProductId: '7001', quantity: 3, listed: true }]);
    expect(fake.state.productStatus.get('7001')).toBe('ACTIVE');
    const unknown = await shop.connector.pushStock([{ skuCode: 'SKU-1', platformVariantId: '40001', platformProductId: '9999', quantity: 0, listed: false }]);
    expect(unknown.failed).toEqual([{ skuCode: 'SKU-1', reason: 'productUpdate: Product does not exist' }]);
  });
});
