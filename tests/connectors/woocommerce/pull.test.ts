import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import type { NormalizedOrder } from '../../../connectors/types.js';
import { makeOrder } from '../../fakes/woocommerce/fixtures.js';
import { listCalls, pullAll, seedOrders, SHOP_ID, startWc, type WcHarness } from './harness.js';

let h: WcHarness;
afterEach(async () => h?.fake.close());

const start = new Date('2024-05-01T08:00:00Z');
const window = { since: new Date('2024-05-01T07:00:00Z'), until: new Date('2024-05-01T13:00:00Z') };

describe('WooCommerce order pull', () => {
  it('walks several pages of 100 with an opaque cursor, OAuth-signed over HTTP', async () => {
    h = await startWc();
    const ids = seedOrders(h.fake, 250, start);
    const { items, pages } = await pullAll((cursor) => h.connector.pullOrders({ ...window, cursor }));
    expect(pages).toBe(3);
    expect(items.map((o) => Number(o.platformOrderId)).sort((a, b) => a - b)).toEqual(ids);
    const calls = listCalls(h.fake);
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      expect(c.query).toMatchObject({ per_page: '100', orderby: 'modified', order: 'asc', dates_are_gmt: 'true', oauth_signature_method: 'HMAC-SHA256' });
      expect(c.query.oauth_signature).toBeTruthy();
      expect(c.query.page).toBe('1'); // keyset, never offset pages
    }
    expect(h.limiter.acquired.every((a) => a.key === `woocommerce:${SHOP_ID}:orders`)).toBe(true);
  });

  it('keeps only orders modified inside the window, compared in GMT', async () => {
    h = await startWc();
    h.fake.orders.set(1, makeOrder(1, new Date('2024-05-01T06:59:59Z')));
    h.fake.orders.set(2, makeOrder(2, new Date('2024-05-01T07:00:00Z')));
    h.fake.orders.set(3, makeOrder(3, new Date('2024-05-01T12:59:59Z')));
    h.fake.orders.set(4, makeOrder(4, new Date('2024-05-01T13:00:00Z'))); // belongs to the next window
    h.fake.orders.set(5, makeOrder(5, new Date('2024-05-01T10:00:00Z'), { status: 'checkout-draft' }));
    const { items } = await pullAll((cursor) => h.connector.pullOrders({ ...window, cursor }));
    expect(items.map((o) => o.platformOrderId).sort()).toEqual(['2', '3']);
    expect(await h.connector.countOrders!(window)).toBe(3); // the draft is counted by the platform
  });

  it('loses no order when orders change between two page calls', async () => {
    h = await startWc();
    const ids = seedOrders(h.fake, 250, start);
    const open = { since: window.since, until: new Date('2024-05-02T00:00:00Z') };
    let listed = 0;
    h.fake.onRequest = (r) => {
      if (r.path !== '/wc/v3/orders') return;
      listed++;
      if (listed === 2) {
        // Before the second page: an order already returned and one not yet returned both change.
        h.fake.clock = new Date('2024-05-01T12:30:00Z');
        h.fake.touchOrder(1001, { status: 'completed' });
        h.fake.touchOrder(1150, { status: 'on-hold' });
      }
    };
    const { items } = await pullAll((cursor) => h.connector.pullOrders({ ...open, cursor }));
    const seen = new Set(items.map((o) => Number(o.platformOrderId)));
    expect([...seen].sort((a, b) => a - b)).toEqual(ids);
    const latest = new Map<string, NormalizedOrder>();
    for (const o of items) latest.set(o.platformOrderId, o);
    expect(latest.get('1001')).toMatchObject({ platformStatus: 'completed', state: 'completed' });
    expect(latest.get('1150')).toMatchObject({ platformStatus: 'on-hold', state: 'unpaid' });
  });

  it('crosses page boundaries inside one modification second (WooCommerce dates have whole seconds)', async () => {
    h = await startWc();
    const ids = seedOrders(h.fake, 230, start, 0);
    const { items, pages } = await pullAll((cursor) => h.connector.pullOrders({ ...window, cursor }));
    expect(pages).toBe(3);
    expect(items.map((o) => Number(o.platformOrderId)).sort((a, b) => a - b)).toEqual(ids);
    expect(listCalls(h.fake)[2]!.query.exclude!.split(',')).toHaveLength(200);
  });

  it('pauses the shop key for the Retry-After of a 429 in the middle of a pull, then completes', async () => {
    h = await startWc();
    const ids = seedOrders(h.fake, 250, start);
    let listed = 0;
    h.fake.failNext((r) => r.path === '/wc/v3/orders' && ++listed === 2, { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '3' } });
    const { items } = await pullAll((cursor) => h.connector.pullOrders({ ...window, cursor }));
    expect(new Set(items.map((o) => Number(o.platformOrderId))).size).toBe(ids.length);
    expect(h.limiter.pauses).toEqual([{ key: `woocommerce:${SHOP_ID}:orders`, ms: 3000 }]);
  });

  it('gives up on a host that keeps throttling with rate_limited and its retryAfterMs', async () => {
    h = await startWc();
    seedOrders(h.fake, 5, start);
    h.fake.failNext((r) => r.path === '/wc/v3/orders', { status: 429, body: '', headers: { 'retry-after': '7' } }, 10);
    const err = await h.connector.pullOrders(window).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 7000 });
    expect(h.limiter.pauses).toHaveLength(3);
  });

  it('retries a 503 maintenance answer after its Retry-After', async () => {
    h = await startWc();
    seedOrders(h.fake, 3, start);
    h.fake.failNext(() => true, { status: 503, body: { code: 'rest_maintenance', message: 'Briefly unavailable' }, headers: { 'retry-after': '1' } });
    const page = await h.connector.pullOrders(window);
    expect(page.items).toHaveLength(3);
    expect(h.limiter.pauses).toEqual([{ key: `woocommerce:${SHOP_ID}:orders`, ms: 1000 }]);
  });

  it('turns a rejected signature into an auth error with the platform code', async () => {
    h = await startWc({ secret: 'cs_wrong' });
    seedOrders(h.fake, 1, start);
    const err = await h.connector.pullOrders(window).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', retryable: false, opts: { status: 401, platformCode: 'woocommerce_rest_authentication_error' } });
  });

  it('uses Basic auth on an HTTPS site and reports a wrong key as auth', async () => {
    h = await startWc({ https: true, credentials: { authMode: 'basic' } });
    seedOrders(h.fake, 2, start);
    expect((await h.connector.pullOrders(window)).items).toHaveLength(2);
    expect(listCalls(h.fake)[0]!.query.oauth_signature).toBeUndefined();
    await h.fake.close();
    h = await startWc({ https: true, credentials: { authMode: 'basic', consumerKey: 'ck_other' } });
    await expect(h.connector.pullOrders(window)).rejects.toMatchObject({ kind: 'auth' });
  });

  it('sends the keys as query parameters when the host strips Authorization', async () => {
    h = await startWc({ https: true, credentials: { authMode: 'query' } });
    seedOrders(h.fake, 1, start);
    expect((await h.connector.pullOrders(window)).items).toHaveLength(1);
    expect(listCalls(h.fake)[0]!.query).toMatchObject({ consumer_key: 'ck_test', consumer_secret: 'cs_test' });
  });

  it('quarantines a malformed order naming the field; the rest of the page goes on', async () => {
    h = await startWc();
    seedOrders(h.fake, 3, start);
    const bad = makeOrder(7, start);
    delete bad.total;
    h.fake.orders.set(7, bad);
    const page = await h.connector.pullOrders(window);
    expect(page.items.map((o) => o.platformOrderId).sort()).toEqual(['1001', '1002', '1003']);
    expect(page.quarantined).toMatchObject([{ kind: 'order', platformRecordId: '7' }]);
    expect(page.quarantined![0]!.error).toMatch(/order 7: total/);
  });
});

describe('WooCommerce refund pull', () => {
  it('finds refunds through the orders they re-saved and maps their lines', async () => {
    h = await startWc();
    seedOrders(h.fake, 120, start);
    h.fake.clock = new Date('2024-05-01T11:00:00Z');
    h.fake.addRefund(1003);
    h.fake.addRefund(1110, { amount: '29.35', reason: '', line_items: [] });
    const { items } = await pullAll((cursor) => h.connector.pullRefunds({ ...window, cursor }));
    expect(items).toHaveLength(2);
    const partial = items.find((r) => r.platformOrderId === '1003');
    expect(partial).toMatchObject({ state: 'succeeded', amount: '7.40', currency: 'EUR', reason: 'Wrong size', lines: [{ lineId: '10031', quantity: 1 }] });
    expect(partial!.platformUpdatedAt.toISOString()).toBe('2024-05-01T11:00:00.000Z');
    expect(items.find((r) => r.platformOrderId === '1110')).toMatchObject({ amount: '29.35', lines: undefined, reason: undefined });
    const refundCalls = h.fake.requests.filter((r) => r.path.endsWith('/refunds'));
    expect(refundCalls.map((r) => r.path).sort()).toEqual(['/wc/v3/orders/1003/refunds', '/wc/v3/orders/1110/refunds']);
    expect(listCalls(h.fake)[0]!.query._fields).toContain('refunds');
  });
});

describe('WooCommerce refunds read with the order pages', () => {
  it('one GET /refunds?parent= per page with refunded orders; per-order reads on a site older than 9.0', async () => {
    for (const modern of [true, false]) {
      h = await startWc();
      h.fake.refundsEndpoint = modern;
      seedOrders(h.fake, 120, start);
      h.fake.clock = new Date('2024-05-01T11:00:00Z');
      h.fake.addRefund(1003);
      h.fake.addRefund(1110, { amount: '29.35', reason: '', line_items: [] });
      const refunds: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.connector.pullOrders({ ...window, cursor });
        refunds.push(...(page.refunds ?? []).map((r) => `${r.platformOrderId}:${r.lines?.map((l) => l.lineId).join('+') ?? 'all'}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(refunds.sort()).toEqual(['1003:10031', '1110:all']);
      const calls = h.fake.requests.filter((r) => r.method === 'GET' && r.path.includes('refunds'));
      expect(calls.map((r) => r.path)).toEqual(modern ? ['/wc/v3/refunds'] : ['/wc/v3/refunds', '/wc/v3/orders/1003/refunds', '/wc/v3/orders/1110/refunds']);
      expect(h.connector.capabilities.refundsWithOrders).toBe(true);
      await h.fake.close();
    }
  });

  it('fetches one order with its refunds now (webhook fast path)', async () => {
    h = await startWc();
    seedOrders(h.fake, 2, start);
    h.fake.addRefund(1002);
    const page = await h.connector.fetchOrder!('1002');
    expect(page.items.map((o) => o.platformOrderId)).toEqual(['1002']);
    expect(page.refunds).toHaveLength(1);
    expect((await h.connector.fetchOrder!('9999')).items).toEqual([]);
  });
});
