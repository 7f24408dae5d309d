import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedOrder } from '../../../connectors/types.js';
import { makePddOrder } from '../../fakes/pinduoduo/fixtures.js';
import { pddErrors, pddTimeToSecs } from '../../fakes/pinduoduo/protocol.js';
import { NOW, NOW_S, pullAll, startPddHarness, type PddHarness } from './setup.js';

let h: PddHarness;
beforeEach(async () => { h = await startPddHarness(); });
afterEach(async () => { await h.fake.close(); });

const LIST = 'pdd.order.number.list.increment.get';
const since = new Date((NOW_S - 3000) * 1000);
const until = new Date((NOW_S - 1200) * 1000); // 30 min, ending well behind PDD's clock

function seed(n = 230): string[] {
  return Array.from({ length: n }, (_, i) => {
    const o = makePddOrder(NOW_S - 2990 + i * 7);
    h.fake.store.orders.set(o.order_sn, o);
    return o.order_sn;
  });
}
const ids = (orders: NormalizedOrder[]) => new Set(orders.map((o) => o.platformOrderId));

describe('pinduoduo order pull', () => {
  it('pages backwards from the last page and gets every order', async () => {
    const all = seed();
    const got = await pullAll((w) => h.connector.pullOrders(w), since, until);
    expect(ids(got)).toEqual(new Set(all));
    expect(h.fake.calls.map((c) => Number(c.params.page))).toEqual([1, 3, 2, 1]);
    expect(h.fake.calls[0]!.params).toMatchObject({ order_status: '5', refund_status: '5', is_lucky_flag: '0', page_size: '100' });
    expect(h.limiter.acquired.every((a) => a.key === `pinduoduo:mall-9:${LIST}`)).toBe(true);
  });

  it('splits a two-hour window into sub-windows of at most 30 minutes, carried in the cursor', async () => {
    const orders = [110, 80, 50, 25].map((m) => makePddOrder(NOW_S - m * 60));
    for (const o of orders) h.fake.store.orders.set(o.order_sn, o);
    const got = await pullAll((w) => h.connector.pullOrders(w), new Date(NOW.getTime() - 2 * 3_600_000), new Date(NOW.getTime() - 20 * 60_000));
    expect(ids(got)).toEqual(new Set(orders.map((o) => o.order_sn)));
    const spans = h.fake.calls.map((c) => Number(c.params.end_updated_at) - Number(c.params.start_updated_at));
    expect(Math.max(...spans)).toBeLessThanOrEqual(1800);
    expect(h.fake.calls.every((c) => c.answered === 'ok')).toBe(true);
  });

  it('loses nothing when an order already paged over changes mid-pull', async () => {
    const all = seed();
    let moved: string | undefined;
    h.fake.onCall = (api) => {
      if (api !== LIST || moved || h.fake.calls.length !== 2) return;
      const prevPage = Number(h.fake.calls[1]!.params.page);
      const sorted = [...h.fake.store.orders.values()].sort((a, b) => pddTimeToSecs(b.updated_at) - pddTimeToSecs(a.updated_at));
      moved = sorted[(prevPage - 1) * 100]!.order_sn;
      h.fake.store.touch(moved, { order_status: 2 });
    };
    const first = await pullAll((w) => h.connector.pullOrders(w), since, until);
    expect(all.filter((id) => !ids(first).has(id) && id !== moved)).toEqual([]);
    const next = await pullAll((w) => h.connector.pullOrders(w), until, NOW);
    expect(next.map((o) => [o.platformOrderId, o.state])).toEqual([[moved, 'shipped']]);
  });

  it('backs off on a throttling answer mid-pull and completes', async () => {
    const all = seed();
    h.fake.onCall = (api) => {
      if (api === LIST && h.fake.calls.length === 1) h.fake.failNext(LIST, pddErrors.tooFrequent(2));
    };
    const got = await pullAll((w) => h.connector.pullOrders(w), since, until);
    expect(ids(got)).toEqual(new Set(all));
    expect(h.fake.calls.filter((c) => c.answered === 70031)).toHaveLength(1);
    expect(h.limiter.pauses).toEqual([{ key: `pinduoduo:mall-9:${LIST}`, ms: 2000 }]);
  });

  it('gives up with rate_limited after repeated throttling', async () => {
    seed(3);
    h.fake.failNext(LIST, pddErrors.tooFrequent(), 4);
    await expect(h.connector.pullOrders({ since, until })).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 1000 });
    expect(h.limiter.pauses).toHaveLength(4);
  });

  it.each([
    ['an expired access token', { accessToken: 'old' }, '10019'],
    ['a wrong client secret', { clientSecret: 'wrong-secret' }, '10014'],
  ])('reports %s as auth', async (_what, over, code) => {
    await expect(h.connect(over).pullOrders({ since, until })).rejects.toMatchObject({ kind: 'auth', retryable: false, opts: { platformCode: code } });
  });

  it('retries a busy platform and succeeds', async () => {
    seed(2);
    h.fake.failNext(LIST, pddErrors.busy);
    expect((await h.connector.pullOrders({ since, until })).items).toHaveLength(2);
  });

  it('counts orders per 30-minute sub-window', async () => {
    seed(40);
    const early = makePddOrder(NOW_S - 5000);
    h.fake.store.orders.set(early.order_sn, early);
    expect(await h.connector.countOrders!({ since: new Date((NOW_S - 5400) * 1000), until })).toBe(41);
  });
});
