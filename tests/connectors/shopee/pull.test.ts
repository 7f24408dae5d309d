import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import type { NormalizedOrder } from '../../../connectors/types.js';
import { fakeOrder } from '../../fakes/shopee/state.js';
import { at, harness, pullAll, T0, type Harness } from './setup.js';

const LIST = '/api/v2/order/get_order_list';
const DETAIL = '/api/v2/order/get_order_detail';
let h: Harness;
afterEach(async () => h?.fake.close());

/** `n` orders, one every `step` seconds from T0. */
function seed(n: number, step: number) {
  for (let i = 0; i < n; i++) h.fake.state.putOrder(fakeOrder(`2311${String(i).padStart(6, '0')}X`, T0 + i * step));
}

describe('shopee pullOrders', () => {
  it('walks a window over several pages, every order once, details in batches of 50', async () => {
    h = await harness();
    seed(260, 600); // 260 orders over ~1.8 days
    const { items, pages } = await pullAll((w) => h.connector.pullOrders(w), at(T0), at(T0 + 2 * 86400));
    expect(pages).toBeGreaterThan(2);
    const ids = new Set(items.map((o) => o.platformOrderId));
    expect(ids.size).toBe(260);
    for (const call of h.fake.state.calls(DETAIL)) expect(call.query.order_sn_list!.split(',').length).toBeLessThanOrEqual(50);
    for (const call of h.fake.state.calls(LIST)) {
      expect(call.query.time_range_field).toBe('update_time');
      expect(Number(call.query.page_size)).toBe(100);
    }
    expect(h.limiter.acquired.every((a) => a.key.startsWith('shopee:shop_shopee_1:'))).toBe(true);
    expect(h.limiter.acquired.map((a) => a.key)).toContain('shopee:shop_shopee_1:order.get_order_detail');
  });

  it('splits a window longer than 15 days into spans Shopee accepts', async () => {
    h = await harness();
    h.fake.state.putOrder(fakeOrder('OLD0001', T0 + 86400));
    h.fake.state.putOrder(fakeOrder('MID0001', T0 + 20 * 86400));
    h.fake.state.putOrder(fakeOrder('NEW0001', T0 + 39 * 86400));
    const { items } = await pullAll((w) => h.connector.pullOrders(w), at(T0), at(T0 + 40 * 86400));
    expect(items.map((o) => o.platformOrderId).sort()).toEqual(['MID0001', 'NEW0001', 'OLD0001']);
    for (const call of h.fake.state.calls(LIST)) expect(Number(call.query.time_to) - Number(call.query.time_from)).toBeLessThanOrEqual(15 * 86400);
    expect(h.connector.capabilities.maxWindowSeconds).toBe(15 * 86400);
  });

  it('follows Shopee’s own cursor when a single second holds more than a page', async () => {
    h = await harness();
    for (let i = 0; i < 130; i++) h.fake.state.putOrder(fakeOrder(`SAME${String(i).padStart(4, '0')}`, T0 + 100));
    const { items } = await pullAll((w) => h.connector.pullOrders(w), at(T0), at(T0 + 3600));
    expect(new Set(items.map((o) => o.platformOrderId)).size).toBe(130);
    expect(h.fake.state.calls(LIST).some((c) => c.query.cursor === '100')).toBe(true);
  });

  it('loses no order when one changes while the pull crosses a page boundary', async () => {
    h = await harness();
    seed(250, 600);
    const w = { since: at(T0), until: at(T0 + 2 * 86400) };
    const first = await h.connector.pullOrders(w);
    expect(first.nextCursor).toBeTruthy();
    // Between two pages an order already handed out changes: its update_time leaves the window, which shifts
    // every order behind it in Shopee's offset-paged list by one.
    const changed = first.items[0]!.platformOrderId;
    const o = h.fake.state.orders.get(changed)!;
    o.order_status = 'CANCELLED';
    o.update_time = T0 + 9 * 86400;
    const rest = await pullAll((c) => h.connector.pullOrders({ ...w, cursor: c.cursor ?? first.nextCursor! }), w.since, w.until);
    const ids = new Set([...first.items, ...rest.items].map((x) => x.platformOrderId));
    for (let i = 0; i < 250; i++) expect(ids.has(`2311${String(i).padStart(6, '0')}X`)).toBe(true);
    // The next sync's window picks the changed order up in its new state.
    const later = await pullAll((c) => h.connector.pullOrders(c), at(T0 + 2 * 86400), at(T0 + 10 * 86400));
    expect(later.items.find((x) => x.platformOrderId === changed)?.state).toBe('cancelled');
  });

  it('honours error_rate_limit in the middle of a pull: pauses the key, retries, completes', async () => {
    h = await harness();
    seed(150, 600);
    h.fake.state.afterCall(DETAIL, 1, () =>
      h.fake.state.fail(DETAIL, 429, { error: 'error_rate_limit', message: 'Too many requests. You have reached the rate limit. Please try again later.' }, 1, { 'retry-after': '3' }),
    );
    h.fake.state.afterCall(LIST, 2, () => h.fake.state.fail(LIST, 429, { error: 'error_rate_limit', message: 'Too many requests.' }));
    const { items } = await pullAll((w) => h.connector.pullOrders(w), at(T0), at(T0 + 86400 * 2));
    expect(new Set(items.map((o) => o.platformOrderId)).size).toBe(150);
    expect(h.limiter.pauses).toContainEqual({ key: 'shopee:shop_shopee_1:order.get_order_detail', ms: 3000 });
    expect(h.limiter.pauses).toContainEqual({ key: 'shopee:shop_shopee_1:order.get_order_list', ms: 2000 });
  });

  it('gives up with rate_limited (retryAfterMs) when Shopee keeps throttling', async () => {
    h = await harness();
    seed(3, 60);
    h.fake.state.fail(LIST, 200, { error: 'error_rate_limit', message: 'Too many requests.' }, 10);
    const err = await h.connector.pullOrders({ since: at(T0), until: at(T0 + 3600) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe('rate_limited');
    expect((err as ConnectorError).retryAfterMs).toBe(2000);
  });

  it('pauses until 00:00 UTC+8 on the daily cap and does not retry', async () => {
    h = await harness();
    h.fake.state.fail(LIST, 403, { error: 'error_limit', message: 'daily API call limit' }, 5);
    const err = (await h.connector.pullOrders({ since: at(T0), until: at(T0 + 3600) }).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.retryAfterMs).toBeLessThanOrEqual(86_400_000);
    expect(h.fake.state.calls(LIST)).toHaveLength(1);
    expect(h.limiter.pauses[0]?.ms).toBe(err.retryAfterMs);
  });

  it('quarantines a malformed order naming the order and field; the rest of the page goes on', async () => {
    h = await harness();
    const o = fakeOrder('BROKEN0001', T0 + 10);
    delete (o as Partial<typeof o>).item_list;
    h.fake.state.putOrder(o);
    h.fake.state.putOrder(fakeOrder('GOOD000001', T0 + 20));
    const page = await h.connector.pullOrders({ since: at(T0), until: at(T0 + 3600) });
    expect(page.items.map((x) => x.platformOrderId)).toEqual(['GOOD000001']);
    expect(page.quarantined).toMatchObject([{ kind: 'order', platformRecordId: 'BROKEN0001' }]);
    expect(page.quarantined![0]!.error).toMatch(/BROKEN0001.*item_list/);
    expect((await h.connector.fetchOrder!('GOOD000001')).items.map((x) => x.platformOrderId)).toEqual(['GOOD000001']);
  });

  it('counts the orders changed in a window', async () => {
    h = await harness();
    seed(230, 60);
    expect(await h.connector.countOrders({ since: at(T0), until: at(T0 + 86400) })).toBe(230);
  });

  it('resumes from a cursor it handed out', async () => {
    h = await harness();
    seed(220, 300);
    const w = { since: at(T0), until: at(T0 + 86400) };
    const first = await h.connector.pullOrders(w);
    expect(first.nextCursor).toBeTruthy();
    const seen: NormalizedOrder[] = [...first.items];
    let cursor = first.nextCursor ?? undefined;
    while (cursor) {
      const p = await h.connector.pullOrders({ ...w, cursor });
      seen.push(...p.items);
      cursor = p.nextCursor ?? undefined;
    }
    expect(new Set(seen.map((o) => o.platformOrderId)).size).toBe(220);
    await expect(h.connector.pullOrders({ ...w, cursor: 'garbage' })).rejects.toMatchObject({ kind: 'invalid' });
  });
});
