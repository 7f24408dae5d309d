/**
 * Platform calls per N orders pulled, per platform, against the loopback fakes (`npm run bench:connectors`).
 * A pull reads the orders of one window (and, for connectors without capabilities.refundsWithOrders, the refund
 * pass the hub runs after it); every platform call is counted where it leaves the connector (one limiter
 * acquisition per call). N orders are seeded, one in ten refunded. Target (issue 10 item 6): ≤ ceil(N/page) + 1.
 * Amazon needs one getOrderItems call per order on Orders v0 (no items in getOrders), reported as such.
 */
import type { Connector, PullWindow } from '../connectors/types.js';
import { makeTrade, makeRefund } from '../tests/fakes/taobao/fixtures.js';
import { makePddOrder, makePddRefund } from '../tests/fakes/pinduoduo/fixtures.js';
import { fakeOrder } from '../tests/fakes/shopee/state.js';
import { makeOrder as shopifyOrder } from '../tests/fakes/shopify/fixtures.js';
import { startShop } from '../tests/connectors/shopify/harness.js';
import { seedOrders, startWc } from '../tests/connectors/woocommerce/harness.js';
import { startHarness as startTop, NOW as TOP_NOW } from '../tests/connectors/taobao/setup.js';
import { startPddHarness, NOW_S as PDD_NOW_S } from '../tests/connectors/pinduoduo/setup.js';
import { harness as startShopee } from '../tests/connectors/shopee/setup.js';
import { startHarness as startAmazon } from '../tests/connectors/amazon/harness.js';

const N = Number(process.env.BENCH_N ?? 300);

interface Row { platform: string; n: number; pageSize: number; calls: number; target: number; note: string }

async function drain(c: Connector, w: Omit<PullWindow, 'cursor'>): Promise<{ orders: number; refunds: number }> {
  let orders = 0;
  let refunds = 0;
  let cursor: string | undefined;
  do {
    const p = await c.pullOrders({ ...w, cursor });
    orders += p.items.length;
    refunds += p.refunds?.length ?? 0;
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  if (!c.capabilities.refundsWithOrders) {
    do {
      const p = await c.pullRefunds({ ...w, cursor });
      refunds += p.items.length;
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
  }
  return { orders, refunds };
}

async function measure(platform: string, pageSize: number, run: () => Promise<{ calls: () => number; pulled: { orders: number; refunds: number }; note?: string; stop: () => Promise<void> }>): Promise<Row> {
  const r = await run();
  try {
    if (r.pulled.orders < N) throw new Error(`${platform}: pulled ${r.pulled.orders} of ${N}`);
    return { platform, n: N, pageSize, calls: r.calls(), target: Math.ceil(N / pageSize) + 1, note: `${r.pulled.refunds} refunds${r.note ? `; ${r.note}` : ''}` };
  } finally {
    await r.stop();
  }
}

const rows: Row[] = [];
const tryRow = async (p: Promise<Row>) => rows.push(await p.catch((e: unknown) => ({ platform: String(e), n: N, pageSize: 0, calls: NaN, target: NaN, note: 'failed' })));

await tryRow(measure('shopify', 10, async () => {
  const shop = await startShop();
  const at = (i: number) => new Date(Date.UTC(2024, 5, 1, 10, 0, i)).toISOString();
  for (let i = 1; i <= N; i++) {
    const o = shopifyOrder({ id: String(100_000 + i), updatedAt: at(i), lineCount: 2 });
    if (i % 10 === 0) o.refunds.push({ id: `9${i}`, createdAt: at(i), updatedAt: at(i), note: null, amount: '10.00', lines: [{ lineItemId: o.lines[0]!.id, quantity: 1 }] });
    shop.fake.state.put(o);
  }
  const pulled = await drain(shop.connector, { since: new Date('2024-06-01T00:00:00Z'), until: new Date('2024-06-02T00:00:00Z') });
  return { calls: () => shop.fake.calls.length, pulled, stop: () => shop.fake.stop() };
}));

await tryRow(measure('woocommerce', 100, async () => {
  const h = await startWc();
  const start = new Date('2024-05-01T09:00:00Z');
  seedOrders(h.fake, N, start);
  h.fake.clock = new Date('2024-05-01T11:00:00Z');
  for (let i = 0; i < N; i += 10) h.fake.addRefund(1001 + i);
  const before = h.fake.requests.length;
  const pulled = await drain(h.connector, { since: new Date('2024-05-01T08:00:00Z'), until: new Date('2024-05-01T11:30:00Z') });
  return { calls: () => h.fake.requests.length - before, pulled, stop: () => h.fake.close() };
}));

await tryRow(measure('taobao', 100, async () => {
  const h = await startTop();
  const base = TOP_NOW.getTime() - 90 * 60_000;
  for (let i = 0; i < N; i++) {
    const t = makeTrade(base + i * 1000);
    h.fake.store.trades.set(String(t.tid), t);
    if (i % 10 === 0) h.fake.store.refunds.push(makeRefund(t, base + i * 1000, { status: 'SUCCESS' }));
  }
  const pulled = await drain(h.connector, { since: new Date(TOP_NOW.getTime() - 2 * 3_600_000), until: new Date(TOP_NOW.getTime() - 3_600_000 + 30 * 60_000) });
  return { calls: () => h.limiter.acquired.length, pulled, note: 'refunds.receive.get pass (refund-only list)', stop: () => h.fake.close() };
}));

await tryRow(measure('pinduoduo', 100, async () => {
  const h = await startPddHarness();
  for (let i = 0; i < N; i++) {
    const o = makePddOrder(PDD_NOW_S - 1500 + i);
    h.fake.store.orders.set(o.order_sn, o);
    if (i % 10 === 0) h.fake.store.refunds.push(makePddRefund(o, PDD_NOW_S - 1500 + i));
  }
  const pulled = await drain(h.connector, { since: new Date((PDD_NOW_S - 1700) * 1000), until: new Date((PDD_NOW_S - 200) * 1000) });
  return { calls: () => h.limiter.acquired.length, pulled, note: 'refund.list.increment.get pass (refund-only list)', stop: () => h.fake.close() };
}));

await tryRow(measure('shopee', 100, async () => {
  const h = await startShopee();
  const t0 = Math.floor(Date.now() / 1000) - 7200;
  for (let i = 0; i < N; i++) h.fake.state.putOrder(fakeOrder(`SN${String(i).padStart(8, '0')}`, t0 + i));
  const pulled = await drain(h.connector, { since: new Date((t0 - 60) * 1000), until: new Date((t0 + 3600) * 1000) });
  return { calls: () => h.limiter.acquired.length, pulled, note: 'get_order_detail takes 50 order_sn per call; returns pass', stop: () => h.fake.close() };
}));

await tryRow(measure('amazon', 30, async () => {
  const h = await startAmazon();
  for (let i = 0; i < N; i++) h.fake.state.addOrder(`111-${String(i).padStart(7, '0')}`, { updatedAt: new Date(h.clock.now.getTime() - 3 * 3_600_000 + i * 1000) });
  const pulled = await drain(h.connector, { since: new Date(h.clock.now.getTime() - 4 * 3_600_000), until: new Date(h.clock.now.getTime() - 10 * 60_000) });
  return { calls: () => h.limiter.acquired.length, pulled, note: 'Orders v0: one getOrderItems per order; Finances pass', stop: () => h.fake.close() };
}));

console.log(`platform calls per N orders pulled (N=${N}, one in ten refunded), target ceil(N/page)+1`);
console.log(['platform', 'page', 'calls', 'target', 'ok', 'note'].join('\t'));
for (const r of rows) console.log([r.platform, r.pageSize, r.calls, r.target, r.calls <= r.target ? 'yes' : 'NO', r.note].join('\t'));
process.exit(0);
