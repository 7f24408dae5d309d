import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedOrder } from '../../../connectors/types.js';
import { makeTrade } from '../../fakes/taobao/fixtures.js';
import { topErrors, topTimeToMs } from '../../fakes/taobao/top-protocol.js';
import { HOUR, NOW, pullAll, startHarness, type TopHarness } from './setup.js';

let h: TopHarness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.fake.close(); });

const since = new Date(NOW.getTime() - 3 * HOUR);
const until = new Date(NOW.getTime() - HOUR);
const LIST = 'taobao.trades.sold.increment.get';

/** 250 trades modified inside [since, until], one every 20 s. */
function seed(n = 250): string[] {
  return Array.from({ length: n }, (_, i) => {
    const t = makeTrade(since.getTime() + 10_000 + i * 20_000);
    h.fake.store.trades.set(String(t.tid), t);
    return String(t.tid);
  });
}
const ids = (orders: NormalizedOrder[]) => new Set(orders.map((o) => o.platformOrderId));
const pagesAsked = () => h.fake.calls.filter((c) => c.api === LIST).map((c) => Number(c.params.page_no));

describe('taobao order pull', () => {
  it('reads several pages from the last one backwards and gets every trade', async () => {
    const all = seed();
    const got = await pullAll((w) => h.connector.pullOrders(w), since, until);
    expect(ids(got)).toEqual(new Set(all));
    expect(pagesAsked()).toEqual([1, 3, 2, 1]);
    expect(h.limiter.acquired.every((a) => a.key === `taobao:shop-1:${LIST}`)).toBe(true);
  });

  it('walks a three-day window in sub-windows of at most one day (the fake refuses longer spans)', async () => {
    const long = { since: new Date(NOW.getTime() - 73 * HOUR), until: new Date(NOW.getTime() - HOUR) };
    const trades = [70, 40, 5].map((hAgo) => makeTrade(NOW.getTime() - hAgo * HOUR));
    for (const t of trades) h.fake.store.trades.set(String(t.tid), t);
    const got = await pullAll((w) => h.connector.pullOrders(w), long.since, long.until);
    expect(ids(got)).toEqual(new Set(trades.map((t) => String(t.tid))));
    const spans = h.fake.calls.map((c) => topTimeToMs(c.params.end_modified) - topTimeToMs(c.params.start_modified));
    expect(Math.max(...spans)).toBeLessThanOrEqual(24 * HOUR);
    expect(h.fake.calls.every((c) => c.answered === 'ok')).toBe(true);
  });

  it('loses nothing when a trade already paged over changes mid-pull (it leaves the window, the next window has it)', async () => {
    const all = seed();
    let moved: string | undefined;
    h.fake.onCall = (api, params) => {
      const listCalls = h.fake.calls.filter((c) => c.api === LIST);
      if (api !== LIST || moved || listCalls.length !== 2) return;
      // the first page the connector actually read: move its newest trade out of the window
      const prevPage = Number(listCalls[1]!.params.page_no);
      const inWindow = [...h.fake.store.trades.values()].sort((a, b) => topTimeToMs(b.modified) - topTimeToMs(a.modified));
      moved = String(inWindow[(prevPage - 1) * 100]!.tid);
      h.fake.store.touch(moved, { status: 'TRADE_CLOSED_BY_TAOBAO' });
      void params;
    };
    const first = await pullAll((w) => h.connector.pullOrders(w), since, until);
    expect(moved).toBeDefined();
    const missing = all.filter((id) => !ids(first).has(id));
    expect(missing.filter((id) => id !== moved)).toEqual([]);
    const next = await pullAll((w) => h.connector.pullOrders(w), until, NOW);
    expect(next.map((o) => [o.platformOrderId, o.state])).toEqual([[moved, 'cancelled']]);
  });

  it('waits out a throttling answer in the middle of a pull for the time TOP states, then completes', async () => {
    const all = seed();
    h.fake.onCall = (api) => {
      if (api === LIST && h.fake.calls.length === 1) h.fake.failNext(LIST, topErrors.banned(3));
    };
    const got = await pullAll((w) => h.connector.pullOrders(w), since, until);
    expect(ids(got)).toEqual(new Set(all));
    expect(h.fake.calls.some((c) => c.answered === 7)).toBe(true);
    expect(h.limiter.pauses).toEqual([{ key: `taobao:shop-1:${LIST}`, ms: 3000 }]);
  });

  it('hands a long ban back to the worker as rate_limited with its retryAfterMs', async () => {
    seed(5);
    h.fake.failNext(LIST, topErrors.banned(120));
    await expect(h.connector.pullOrders({ since, until })).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 120_000, retryable: true });
    expect(h.limiter.pauses).toEqual([{ key: `taobao:shop-1:${LIST}`, ms: 120_000 }]);
  });

  it('retries an isp.* platform fault and succeeds', async () => {
    seed(3);
    h.fake.failNext(LIST, topErrors.serviceError('isp.top-remote-connection-timeout', 'remote timeout'));
    expect((await h.connector.pullOrders({ since, until })).items).toHaveLength(3);
  });

  it.each([
    ['an invalid session', { session: 'expired' }, '27/invalid-sessionkey'],
    ['a wrong app secret (signature refused)', { appSecret: 'not-the-secret' }, '25'],
  ])('reports %s as an auth error', async (_what, over, code) => {
    const err = await h.connect(over).pullOrders({ since, until }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', retryable: false, opts: { platformCode: code } });
  });

  it('does not retry an isv.* caller error', async () => {
    h.fake.failNext(LIST, topErrors.invalidArgs('bad fields'), 2);
    await expect(h.connector.pullOrders({ since, until })).rejects.toMatchObject({ kind: 'invalid', retryable: false });
    expect(h.fake.calls).toHaveLength(1);
  });

  it('counts the trades of a window, sub-window by sub-window', async () => {
    seed(130);
    const old = makeTrade(NOW.getTime() - 30 * HOUR);
    h.fake.store.trades.set(String(old.tid), old);
    expect(await h.connector.countOrders!({ since: new Date(NOW.getTime() - 48 * HOUR), until })).toBe(131);
  });
});
