import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/errors.js';
import { minutesAgo, pullAll, startHarness, type Harness } from './harness.js';

const id = (n: number) => `111-${String(n).padStart(7, '0')}-0000001`;

describe('amazon getOrders pull', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({ itemsPageSize: 2 }); });
  afterEach(async () => { await h.fake.close(); });

  it('walks several pages with NextToken in the cursor and fetches every order item page', async () => {
    for (let n = 1; n <= 70; n++) h.fake.state.addOrder(id(n), { updatedAt: minutesAgo(h, 200 - n) });
    h.fake.state.addOrder('222-0000001-0000001', {
      updatedAt: minutesAgo(h, 50), items: [{ sku: 'A', qty: 1, price: '5.00' }, { sku: 'B', qty: 2, price: '3.00' }, { sku: 'C', qty: 1, price: '1.00' }],
    });
    h.fake.state.addOrder('333-0000001-0000001', { updatedAt: minutesAgo(h, 40), patch: { FulfillmentChannel: 'AFN' } });
    const { orders, pages } = await pullAll(h.connector, { since: minutesAgo(h, 300), until: h.clock.now });
    expect(pages).toBe(3); // 71 MFN orders at 30 per page
    expect(new Set(orders.map((o) => o.platformOrderId)).size).toBe(71);
    expect(orders.some((o) => o.platformOrderId === '333-0000001-0000001')).toBe(false); // FBA: Amazon ships it
    const multi = orders.find((o) => o.platformOrderId === '222-0000001-0000001')!;
    expect(multi.lines.map((l) => [l.platformSku, l.quantity, l.unitPrice])).toEqual([['A', 1, '5.00'], ['B', 2, '3.00'], ['C', 1, '1.00']]);
    const first = h.fake.state.calls.find((c) => c.op === 'getOrders')!;
    expect(first.query).toMatchObject({ MarketplaceIds: 'ATVPDKIKX0DER', FulfillmentChannels: 'MFN', MaxResultsPerPage: '30' });
    expect(h.limiter.acquired.filter((a) => a.key === 'amazon:shop-amz:getOrders')).toHaveLength(3);
    expect(h.limiter.acquired.filter((a) => a.key === 'amazon:shop-amz:getOrderItems')).toHaveLength(72); // one order has two item pages
  });

  it('ends the window two minutes before now, as getOrders demands', async () => {
    h.fake.state.addOrder(id(1), { updatedAt: minutesAgo(h, 1) });
    const page = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(page.items).toEqual([]);
    const q = h.fake.state.calls[0]!.query;
    expect(Date.parse(q.LastUpdatedBefore!)).toBeLessThanOrEqual(h.clock.now.getTime() - 120_000);
  });

  it('loses no order when orders change while the pull crosses a page boundary', async () => {
    for (let n = 1; n <= 60; n++) h.fake.state.addOrder(id(n), { updatedAt: minutesAgo(h, 100 - n) });
    const window = { since: minutesAgo(h, 120), until: minutesAgo(h, 10) };
    const seen = new Map<string, Date>();
    const first = await pullAll(h.connector, window, (page) => {
      if (page !== 1) return;
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
      h.fake.state.touchOrder(id(5), { OrderStatus: 'Canceled' }); // already pulled on page 1
      h.fake.state.touchOrder(id(45), { OrderStatus: 'Canceled' }); // not reached yet (page 2)
    });
    for (const o of first.orders) seen.set(o.platformOrderId, o.platformUpdatedAt);
    // The hub's next window overlaps the last one and reaches the changed orders' new update time.
    h.clock.now = new Date(h.clock.now.getTime() + 10 * 60_000);
    const second = await pullAll(h.connector, { since: new Date(window.until.getTime() - 5 * 60_000), until: h.clock.now });
    for (const o of second.orders) seen.set(o.platformOrderId, o.platformUpdatedAt);
    expect(seen.size).toBe(60);
    const latest = [...second.orders, ...first.orders];
    expect(latest.find((o) => o.platformOrderId === id(5))?.state).toBe('cancelled');
    expect(latest.find((o) => o.platformOrderId === id(45))?.platformStatus).toBe('Canceled');
  });

  it('a QuotaExceeded on getOrderItems mid-pull pauses that operation for its refill time and the pull completes', async () => {
    for (let n = 1; n <= 40; n++) h.fake.state.addOrder(id(n), { updatedAt: minutesAgo(h, 100 - n) });
    const first = await h.connector.pullOrders({ since: minutesAgo(h, 120), until: h.clock.now });
    h.fake.throttle('getOrderItems', 1);
    const second = await h.connector.pullOrders({ since: minutesAgo(h, 120), until: h.clock.now, cursor: first.nextCursor! });
    expect(first.items.length + second.items.length).toBe(40);
    expect(h.limiter.pauses).toEqual([{ key: 'amazon:shop-amz:getOrderItems', ms: 2000 }]); // 1 / 0.5 per second
    expect(h.fake.state.calls.filter((c) => c.status === 429)).toHaveLength(1);
  });

  it('a QuotaExceeded on getOrders is handed back as rate_limited with its refill time; the same cursor resumes', async () => {
    for (let n = 1; n <= 40; n++) h.fake.state.addOrder(id(n), { updatedAt: minutesAgo(h, 100 - n) });
    const w = { since: minutesAgo(h, 120), until: h.clock.now };
    const first = await h.connector.pullOrders(w);
    h.fake.throttle('getOrders', 1);
    const err = await h.connector.pullOrders({ ...w, cursor: first.nextCursor! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 59881, opts: { platformCode: 'QuotaExceeded', status: 429 } });
    expect(h.limiter.pauses).toEqual([{ key: 'amazon:shop-amz:getOrders', ms: 59881 }]); // ceil(1000 / 0.0167)
    const second = await h.connector.pullOrders({ ...w, cursor: first.nextCursor! });
    expect(new Set([...first.items, ...second.items].map((o) => o.platformOrderId)).size).toBe(40);
    expect(second.nextCursor).toBeNull();
  });

  it('retries a 503 with backoff and gives up as transient after four attempts', async () => {
    h.fake.state.addOrder(id(1), { updatedAt: minutesAgo(h, 30) });
    h.fake.fail('getOrders', 503, 1);
    const page = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(page.items).toHaveLength(1);
    h.fake.fail('getOrders', 500, 4);
    await expect(h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now })).rejects.toMatchObject({ kind: 'transient', opts: { status: 500, platformCode: 'InternalFailure' } });
  });

  it('fetches a Restricted Data Token when the app holds the PII role, so the address comes through', async () => {
    h.fake.state.addOrder(id(1), { updatedAt: minutesAgo(h, 30) });
    const plain = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(plain.items[0]!.address).toBeUndefined();
    const pii = await h.connect({ piiAccess: true }).pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(pii.items[0]!.address).toMatchObject({ name: 'Jane Doe', line1: '410 Terry Ave N', city: 'Seattle', country: 'US' });
    expect(pii.items[0]!.buyer).toMatchObject({ name: 'Jane Doe', email: 'abc123@marketplace.amazon.com' });
  });

  it('a malformed order is quarantined naming the field; the rest of the page goes on', async () => {
    const o = h.fake.state.addOrder(id(7), { updatedAt: minutesAgo(h, 30) });
    delete o.order.OrderStatus;
    h.fake.state.addOrder(id(9), { updatedAt: minutesAgo(h, 20) });
    const page = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(page.items.map((x) => x.platformOrderId)).toEqual([id(9)]);
    expect(page.quarantined).toMatchObject([{ kind: 'order', platformRecordId: id(7) }]);
    expect(page.quarantined![0]!.error).toContain('OrderStatus');
  });

  it('an order whose item is malformed is quarantined naming the field', async () => {
    const o = h.fake.state.addOrder(id(8), { updatedAt: minutesAgo(h, 30) });
    delete o.items[0]!.QuantityOrdered;
    const page = await h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now });
    expect(page.quarantined![0]!.error).toMatch(/QuantityOrdered/);
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(h.connector.pullOrders({ since: minutesAgo(h, 60), until: h.clock.now, cursor: 'bm9wZQ' })).rejects.toMatchObject({ kind: 'invalid' });
  });
});
