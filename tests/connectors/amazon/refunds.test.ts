import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedRefund } from '../../../connectors/types.js';
import { startHarness, type Harness } from './harness.js';

const DAY = 24 * 3600_000;
const event = (order: string, adj: string, postedAt: Date) => ({
  AmazonOrderId: order, PostedDate: postedAt.toISOString(), MarketplaceName: 'Amazon.com',
  ShipmentItemAdjustmentList: [{ SellerSKU: 'A', OrderItemId: `${adj}9`, OrderAdjustmentItemId: adj, QuantityShipped: 1,
    ItemChargeAdjustmentList: [{ ChargeType: 'Principal', ChargeAmount: { CurrencyCode: 'USD', CurrencyAmount: -10 } }] }],
});

describe('amazon refunds from Finances', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.fake.close(); });

  async function pullRefunds(since: Date, until: Date) {
    const out: NormalizedRefund[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.connector.pullRefunds({ since, until, cursor });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    return { out, pages };
  }

  it('walks a window longer than 180 days in sub-windows kept in the cursor, reaching back 48 hours for late postings', async () => {
    const now = h.clock.now.getTime();
    h.fake.state.refundEvents.push(event('111-1', '101', new Date(now - 390 * DAY)), event('111-2', '102', new Date(now - 200 * DAY)), event('111-3', '103', new Date(now - 5 * DAY)));
    h.fake.state.refundEvents.push(event('111-4', '104', new Date(now - 401 * DAY))); // posted late: inside the 48 h reach-back
    for (let n = 0; n < 120; n++) h.fake.state.refundEvents.push(event(`222-${n}`, `2${n}`, new Date(now - 10 * DAY + n * 60_000)));
    const { out, pages } = await pullRefunds(new Date(now - 400 * DAY), h.clock.now);
    expect(new Set(out.map((r) => r.platformOrderId))).toEqual(new Set(['111-1', '111-2', '111-3', '111-4', ...Array.from({ length: 120 }, (_, n) => `222-${n}`)]));
    expect(out[0]).toMatchObject({ state: 'succeeded', amount: '10.00', currency: 'USD' });
    const queries = h.fake.state.calls.filter((c) => c.op === 'listFinancialEvents').map((c) => c.query);
    for (const q of queries.filter((x) => x.PostedAfter)) {
      expect(Date.parse(q.PostedBefore!) - Date.parse(q.PostedAfter!)).toBeLessThanOrEqual(180 * DAY);
    }
    expect(queries.filter((q) => q.NextToken)).toHaveLength(1); // 120 + 1 events in the last sub-window: two pages of 100
    expect(pages).toBe(4);
    expect(Date.parse(queries[0]!.PostedAfter!)).toBe(now - 402 * DAY);
    expect(Date.parse(queries.at(-1)?.PostedBefore ?? queries.at(-2)!.PostedBefore!)).toBeLessThanOrEqual(now - 120_000);
  });

  it('a throttled finances call mid-walk is retried after the refill time', async () => {
    const now = h.clock.now.getTime();
    h.fake.state.refundEvents.push(event('111-1', '101', new Date(now - 300 * DAY)), event('111-2', '102', new Date(now - DAY)));
    const since = new Date(now - 360 * DAY);
    const first = await h.connector.pullRefunds({ since, until: h.clock.now });
    h.fake.throttle('listFinancialEvents', 1);
    const ids = first.items.map((r) => r.platformOrderId);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await h.connector.pullRefunds({ since, until: h.clock.now, cursor });
      ids.push(...page.items.map((r) => r.platformOrderId));
      cursor = page.nextCursor;
    }
    expect(ids).toEqual(['111-1', '111-2']);
    expect(h.limiter.pauses).toEqual([{ key: 'amazon:shop-amz:listFinancialEvents', ms: 2000 }]);
  });
});
