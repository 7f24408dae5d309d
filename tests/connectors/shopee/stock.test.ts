import { afterEach, describe, expect, it } from 'vitest';
import type { StockPushItem } from '../../../connectors/types.js';
import { harness, type Harness } from './setup.js';

let h: Harness;
afterEach(async () => h?.fake.close());

describe('shopee pushStock', () => {
  it('pushes a burst in update_stock calls of at most 50 models per item', async () => {
    h = await harness();
    const items: StockPushItem[] = [];
    for (let m = 1; m <= 120; m++) {
      h.fake.state.setStock(5001, m, 0);
      items.push({ skuCode: `SKU-${m}`, platformProductId: '5001', platformVariantId: String(m), quantity: m });
    }
    h.fake.state.setStock(5002, 0, 0);
    items.push({ skuCode: 'TOTE', platformProductId: '5002', quantity: 7 });
    const r = await h.connector.pushStock(items);
    expect(r.failed).toEqual([]);
    expect(h.fake.state.stockCalls).toEqual([{ item_id: 5001, models: 50 }, { item_id: 5001, models: 50 }, { item_id: 5001, models: 20 }, { item_id: 5002, models: 1 }]);
    expect(h.fake.state.stock.get(5001)?.get(120)?.stock).toBe(120);
    expect(h.fake.state.stock.get(5002)?.get(0)?.stock).toBe(7);
    expect(h.connector.capabilities).toMatchObject({ stockMode: 'set', stockBatchMax: 50 });
    expect(h.limiter.acquired.filter((a) => a.key === 'shopee:shop_shopee_1:product.update_stock')).toHaveLength(4);
  });

  it('reports per-model refusals, unknown items and unmapped listings in failed, and still pushes the rest', async () => {
    h = await harness();
    h.fake.state.setStock(5001, 1, 0, 3); // 3 reserved
    h.fake.state.setStock(5001, 2, 0);
    const r = await h.connector.pushStock([
      { skuCode: 'LOW', platformProductId: '5001', platformVariantId: '1', quantity: 1 },
      { skuCode: 'OK', platformProductId: '5001', platformVariantId: '2', quantity: 9 },
      { skuCode: 'GONE', platformProductId: '9999', platformVariantId: '1', quantity: 4 },
      { skuCode: 'UNMAPPED', quantity: 4 },
    ]);
    expect(r.failed.map((f) => f.skuCode).sort()).toEqual(['GONE', 'LOW', 'UNMAPPED']);
    expect(r.failed.find((f) => f.skuCode === 'LOW')?.reason).toMatch(/reserved/);
    expect(h.fake.state.stock.get(5001)?.get(2)?.stock).toBe(9);
  });

  it('unlists an item at zero and lists it again; an item under promotion refuses and says so', async () => {
    h = await harness();
    h.fake.state.setStock(6001, 1, 5);
    h.fake.state.setStock(6001, 2, 5);
    h.fake.state.setStock(6002, 0, 5);
    h.fake.state.setStock(6003, 0, 5);
    h.fake.state.inPromotion.add(6003);
    expect(h.connector.capabilities.delistAtZero).toBe(true);
    const r = await h.connector.pushStock([
      { skuCode: 'M1', platformProductId: '6001', platformVariantId: '1', quantity: 0, listed: false },
      { skuCode: 'M2', platformProductId: '6001', platformVariantId: '2', quantity: 3, listed: true },
      { skuCode: 'SOLO', platformProductId: '6002', quantity: 0, listed: false },
      { skuCode: 'PROMO', platformProductId: '6003', quantity: 0, listed: false },
    ]);
    expect(r.failed).toEqual([{ skuCode: 'PROMO', reason: 'unlist_item: Cannot unlist item when item is under promotion.' }]);
    expect([...h.fake.state.unlisted]).toEqual([6002]); // 6001 stays on sale: one of its models is listed
    await h.connector.pushStock([{ skuCode: 'SOLO', platformProductId: '6002', quantity: 2, listed: true }]);
    expect([...h.fake.state.unlisted]).toEqual([]);
  });

  it('throws (so the push is retried whole) when Shopee keeps throttling', async () => {
    h = await harness();
    h.fake.state.setStock(5001, 1, 0);
    h.fake.state.fail('/api/v2/product/update_stock', 429, { error: 'error_rate_limit', message: 'Too many requests.' }, 10);
    await expect(h.connector.pushStock([{ skuCode: 'A', platformProductId: '5001', platformVariantId: '1', quantity: 1 }])).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(h.limiter.pauses.length).toBeGreaterThan(0);
  });
});
