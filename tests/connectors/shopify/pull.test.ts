import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import type { NormalizedOrder, PullWindow } from '../../../connectors/types.js';
import { makeOrder } from '../../fakes/shopify/fixtures.js';
import type { FakeShopify } from '../../fakes/shopify/server.js';
import { startShop, window } from './harness.js';

let fake: FakeShopify | undefined;
afterEach(async () => fake?.stop());

const at = (minute: number) => new Date(Date.UTC(2024, 5, 1, 10, minute)).toISOString();
const W = window('2024-06-01T00:00:00Z', '2024-06-02T00:00:00Z');

async function pullAll(pull: (w: PullWindow) => Promise<{ items: NormalizedOrder[]; nextCursor?: string | null }>, w = W, between?: (page: number) => void) {
  const seen: NormalizedOrder[] = [];
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    const r = await pull({ ...w, cursor });
    seen.push(...r.items);
    between?.(page);
    cursor = r.nextCursor ?? undefined;
    if (!cursor) return { seen, pages: page + 1 };
  }
}

describe('Shopify pullOrders', () => {
  it('walks several pages by Shopify cursor, inside the window only', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 1; i <= 23; i++) fake.state.put(makeOrder({ id: String(1000 + i), updatedAt: at(i) }));
    fake.state.put(makeOrder({ id: '999', updatedAt: '2024-05-31T23:59:59Z' }));
    const { seen, pages } = await pullAll((w) => shop.connector.pullOrders(w));
    expect(pages).toBe(3);
    expect(seen.map((o) => o.platformOrderId)).toEqual(Array.from({ length: 23 }, (_, i) => String(1001 + i)));
    const calls = fake.callsOf('HubOrders');
    expect(calls[0]!.variables.query).toBe("updated_at:>='2024-06-01T00:00:00.000Z' AND updated_at:<='2024-06-02T00:00:00.000Z'");
    expect(calls[1]!.variables.after).toEqual(expect.any(String));
    expect(shop.limiter.acquired.every((a) => a.key === 'shopify:shop-1:graphql')).toBe(true);
    expect(shop.limiter.acquired[0]!.cost).toBeGreaterThan(100);
    // Each page cost less than it requested: the difference goes back to the shared bucket.
    const first = shop.limiter.acquired[0]!.cost;
    expect(shop.limiter.refunds[0]).toEqual({ key: 'shopify:shop-1:graphql', units: first - Math.ceil(first / 3) });
  });

  it('loses no order when orders change while a page boundary is crossed', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 1; i <= 15; i++) fake.state.put(makeOrder({ id: String(2000 + i), updatedAt: at(i) }));
    const { seen } = await pullAll((w) => shop.connector.pullOrders(w), W, (page) => {
      if (page !== 0) return;
      // After page 1: an order already seen and one not yet seen are both edited (they move to the end).
      fake!.state.orders.get('2003')!.updatedAt = at(50);
      fake!.state.orders.get('2012')!.updatedAt = at(51);
      fake!.state.orders.get('2012')!.displayFinancialStatus = 'REFUNDED';
    });
    const ids = new Set(seen.map((o) => o.platformOrderId));
    expect(ids.size).toBe(15);
    const latest = seen.filter((o) => o.platformOrderId === '2012').at(-1)!;
    expect(latest.state).toBe('refunded');
    expect(seen.filter((o) => o.platformOrderId === '2003')).toHaveLength(2);
  });

  it('pauses the shop key for the time Shopify says when THROTTLED mid-pull, then completes', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 1; i <= 12; i++) fake.state.put(makeOrder({ id: String(3000 + i), updatedAt: at(i) }));
    const first = await shop.connector.pullOrders(W);
    fake.faults.push({ kind: 'throttled', currentlyAvailable: 302 });
    const second = await shop.connector.pullOrders({ ...W, cursor: first.nextCursor! });
    expect([...first.items, ...second.items]).toHaveLength(12);
    expect(second.nextCursor).toBeNull();
    // (952 requested − 302 available) / 100 restored per second = 6.5 s.
    expect(shop.limiter.pauses).toEqual([{ key: 'shopify:shop-1:graphql', ms: 6500 }]);
  });

  it('pauses before the bucket runs dry when the cost extension says little is left', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.state.put(makeOrder({ id: '3501', updatedAt: at(1) }));
    fake.bucket = { maximumAvailable: 2000, currentlyAvailable: 100, restoreRate: 100 };
    await shop.connector.pullOrders(W);
    // The next page needs 952 points; 100 are left, 100 come back per second.
    expect(shop.limiter.pauses).toEqual([{ key: 'shopify:shop-1:graphql', ms: 8520 }]);
  });

  it('honours HTTP 429 Retry-After and retries 5xx answers', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.state.put(makeOrder({ id: '4001', updatedAt: at(1) }));
    fake.faults.push({ kind: 'http', status: 429, body: { errors: 'Exceeded 2 calls per second for api client.' }, headers: { 'retry-after': '2.0' } });
    fake.faults.push({ kind: 'http', status: 503, body: { errors: 'Service Unavailable' } });
    const r = await shop.connector.pullOrders(W);
    expect(r.items.map((o) => o.platformOrderId)).toEqual(['4001']);
    expect(shop.limiter.pauses).toEqual([{ key: 'shopify:shop-1:graphql', ms: 2000 }]);
    expect(fake.callsOf('HubOrders')).toHaveLength(3);
  });

  it('gives up with rate_limited and the wait when Shopify keeps throttling', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 0; i < 5; i++) fake.faults.push({ kind: 'throttled', currentlyAvailable: 2 });
    const err = await shop.connector.pullOrders(W).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 9500 });
  });

  it('reports a rejected token as auth, without retrying', async () => {
    const shop = await startShop({ token: 'shpat_revoked_token' });
    fake = shop.fake;
    const err = await shop.connector.pullOrders(W).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', opts: { status: 401 } });
    expect(fake.requests).toBe(1);
  });

  it('reports a missing scope (ACCESS_DENIED) and a frozen shop (402) as auth', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.faults.push({ kind: 'http', status: 200, body: { errors: [{ message: 'Access denied for orders field. Required access: `read_orders`.', extensions: { code: 'ACCESS_DENIED' } }] } });
    await expect(shop.connector.pullOrders(W)).rejects.toMatchObject({ kind: 'auth' });
    fake.faults.push({ kind: 'http', status: 402, body: { errors: 'Unavailable Shop' } });
    await expect(shop.connector.pullOrders(W)).rejects.toMatchObject({ kind: 'auth', opts: { status: 402 } });
  });

  it('quarantines a malformed order with the field that failed, and the rest of the page goes on', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.state.put(makeOrder({ id: '5001', updatedAt: at(1), corrupt: { totalPriceSet: undefined, currencyCode: 'EURO' } }));
    fake.state.put(makeOrder({ id: '5002', updatedAt: at(2) }));
    const r = await shop.connector.pullOrders(W);
    expect(r.items.map((o) => o.platformOrderId)).toEqual(['5002']);
    expect(r.quarantined).toMatchObject([{ kind: 'order', platformRecordId: '5001', platformOrderId: '5001' }]);
    expect(r.quarantined![0]!.error).toMatch(/order gid:\/\/shopify\/Order\/5001: currencyCode/);
    expect((r.quarantined![0]!.raw as { id: string }).id).toBe('gid://shopify/Order/5001');
  });

  it('accepts what Shopify documents as nullable (paymentGatewayNames, displayFinancialStatus)', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.state.put(makeOrder({ id: '5101', updatedAt: at(1), corrupt: { paymentGatewayNames: null, displayFinancialStatus: null } }));
    const r = await shop.connector.pullOrders(W);
    expect(r.quarantined).toEqual([]);
    expect(r.items).toMatchObject([{ platformOrderId: '5101', state: 'unpaid' }]);
  });

  it('reads refunds with the order pages: one call per page, no refund pass', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 1; i <= 25; i++) {
      const o = makeOrder({ id: String(5200 + i), updatedAt: at(i) });
      if (i % 4 === 0) o.refunds.push({ id: `77${i}`, createdAt: at(i), updatedAt: at(i), note: null, amount: '10.00', lines: [{ lineItemId: o.lines[0]!.id, quantity: 1 }] });
      fake.state.put(o);
    }
    const refunds: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await shop.connector.pullOrders({ ...W, cursor });
      refunds.push(...(r.refunds ?? []).map((x) => `${x.platformOrderId}:${x.platformRefundId}`));
      cursor = r.nextCursor ?? undefined;
    } while (cursor);
    expect(refunds).toEqual([4, 8, 12, 16, 20, 24].map((i) => `${5200 + i}:77${i}`));
    expect(shop.connector.capabilities.refundsWithOrders).toBe(true);
    expect(fake.calls).toHaveLength(3); // ceil(25 / 10)
  });

  it('fetches one order with its refunds now (webhook fast path)', async () => {
    const shop = await startShop();
    fake = shop.fake;
    const o = makeOrder({ id: '5301', updatedAt: at(1) });
    o.refunds.push({ id: '7799', createdAt: at(2), updatedAt: at(2), note: null, amount: '10.00', lines: [] });
    fake.state.put(o);
    const r = await shop.connector.fetchOrder('5301');
    expect(r.items.map((x) => x.platformOrderId)).toEqual(['5301']);
    expect(r.refunds).toMatchObject([{ platformRefundId: '7799', platformOrderId: '5301' }]);
    expect((await shop.connector.fetchOrder('404')).items).toEqual([]);
  });

  it('fetches the remaining lines of a large order', async () => {
    const shop = await startShop();
    fake = shop.fake;
    fake.state.put(makeOrder({ id: '6001', updatedAt: at(1), lineCount: 40 }));
    const r = await shop.connector.pullOrders(W);
    expect(r.items[0]!.lines).toHaveLength(40);
    expect(new Set(r.items[0]!.lines.map((l) => l.lineId)).size).toBe(40);
    expect(fake.callsOf('HubMoreLines')).toHaveLength(1);
  });

  it('refuses a cursor from another window', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 1; i <= 12; i++) fake.state.put(makeOrder({ id: String(7000 + i), updatedAt: at(i) }));
    const first = await shop.connector.pullOrders(W);
    await expect(shop.connector.pullOrders({ ...window('2024-06-01T00:00:00Z', '2024-06-03T00:00:00Z'), cursor: first.nextCursor! })).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('Shopify pullRefunds and countOrders', () => {
  it('returns every refund of the orders updated in the window, over pages', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 1; i <= 10; i++) {
      const o = makeOrder({ id: String(8000 + i), updatedAt: at(i) });
      if (i % 3 === 0) o.refunds.push({ id: `55${i}`, createdAt: at(i), updatedAt: at(i), note: null, amount: '10.00', lines: [{ lineItemId: o.lines[0]!.id, quantity: 1 }] });
      fake.state.put(o);
    }
    const many = makeOrder({ id: '8100', updatedAt: at(30) });
    for (let k = 0; k < 7; k++) many.refunds.push({ id: `66${k}`, createdAt: at(30), updatedAt: at(30), note: 'partial', amount: '1.00', lines: [] });
    fake.state.put(many);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await shop.connector.pullRefunds({ ...W, cursor });
      ids.push(...r.items.map((x) => `${x.platformOrderId}:${x.platformRefundId}`));
      cursor = r.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual(['8003:553', '8006:556', '8009:559', ...Array.from({ length: 7 }, (_, k) => `8100:66${k}`)]);
    expect(fake.callsOf('HubOrderRefunds')).toHaveLength(1);
  });

  it('counts the orders updated in the window', async () => {
    const shop = await startShop();
    fake = shop.fake;
    for (let i = 1; i <= 4; i++) fake.state.put(makeOrder({ id: String(9000 + i), updatedAt: at(i) }));
    fake.state.put(makeOrder({ id: '9100', updatedAt: '2024-07-01T00:00:00Z' }));
    expect(await shop.connector.countOrders(W)).toBe(4);
  });
});
