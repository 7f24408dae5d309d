import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StockPushItem } from '../../../connectors/types.js';
import { startHarness, type Harness } from './harness.js';

describe('amazon stock push', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.fake.close(); });

  it('patches a few listings one by one and reports the ones Amazon refuses', async () => {
    h.fake.state.listings.set('MUG-BLUE', { quantity: 0 });
    h.fake.state.listings.set('HUB-2', { quantity: 9 });
    const res = await h.connector.pushStock([
      { skuCode: 'HUB-1', platformSku: 'MUG-BLUE', quantity: 12 },
      { skuCode: 'HUB-2', quantity: -3 },
      { skuCode: 'HUB-3', platformSku: 'NO-SUCH', quantity: 4 },
    ]);
    expect(h.fake.state.listings.get('MUG-BLUE')!.quantity).toBe(12);
    expect(h.fake.state.listings.get('HUB-2')!.quantity).toBe(0);
    expect(res.failed).toEqual([{ skuCode: 'HUB-3', reason: '8541 SKU NO-SUCH does not exist' }]);
    expect(h.fake.state.patches[0]!.body).toEqual({
      productType: 'PRODUCT',
      patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }] }],
    });
    expect(h.fake.state.calls.find((c) => c.op === 'patchListingsItem')!.query).toEqual({ marketplaceIds: 'ATVPDKIKX0DER' });
    expect(h.limiter.acquired.filter((a) => a.key === 'amazon:shop-amz:patchListingsItem')).toHaveLength(3);
  });

  it('pushes a burst as JSON listings feeds of at most 10,000 messages each', async () => {
    const items: StockPushItem[] = [];
    for (let n = 0; n < 10_004; n++) {
      h.fake.state.listings.set(`SKU-${n}`, { quantity: 1 });
      items.push({ skuCode: `SKU-${n}`, quantity: n % 7 });
    }
    items.push({ skuCode: 'SKU-3', quantity: 99 }); // a later change to the same SKU in the burst wins
    const res = await h.connector.pushStock(items);
    expect(res.failed).toEqual([]);
    expect(h.fake.state.feeds.map((f) => [f.feedType, (f.document.messages as unknown[]).length])).toEqual([['JSON_LISTINGS_FEED', 10_000], ['JSON_LISTINGS_FEED', 4]]);
    const doc = h.fake.state.feeds[0]!.document;
    expect(doc.header).toEqual({ sellerId: 'A2SELLER123', version: '2.0', issueLocale: 'en_US' });
    expect((doc.messages as unknown[])[3]).toEqual({
      messageId: 4, sku: 'SKU-3', operationType: 'PARTIAL_UPDATE', productType: 'PRODUCT',
      attributes: { fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 99 }] },
    });
    expect(h.fake.state.listings.get('SKU-10003')!.quantity).toBe(10_003 % 7);
    expect(h.fake.state.patches).toHaveLength(0);
    expect(h.limiter.acquired.filter((a) => a.key === 'amazon:shop-amz:createFeed')).toHaveLength(2);
    expect(h.fake.state.feeds[0]!.marketplaceIds).toEqual(['ATVPDKIKX0DER']);
  });

  it('a throttled patch waits out the refill and continues', async () => {
    h.fake.state.listings.set('A', { quantity: 0 });
    h.fake.throttle('patchListingsItem', 1);
    const res = await h.connector.pushStock([{ skuCode: 'A', quantity: 5 }]);
    expect(res.failed).toEqual([]);
    expect(h.limiter.pauses).toEqual([{ key: 'amazon:shop-amz:patchListingsItem', ms: 200 }]);
    expect(h.fake.state.listings.get('A')!.quantity).toBe(5);
  });
});
