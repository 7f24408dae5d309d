import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRefund, makeTrade } from '../../fakes/taobao/fixtures.js';
import { HOUR, NOW, startHarness, type TopHarness } from './setup.js';

let h: TopHarness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.fake.close(); });

const window = { since: new Date(NOW.getTime() - 2 * HOUR), until: new Date(NOW.getTime() - HOUR) };

describe('taobao mapping of a realistic trade', () => {
  it('maps a two-line trade to the hub order, ids exact, money as decimal strings', async () => {
    const t = makeTrade(NOW.getTime() - 90 * 60_000, { buyer_message: '请尽快发货', discount_fee: '5.5', total_fee: '282.00', payment: '286.50' }, 2);
    h.fake.store.trades.set(String(t.tid), t);
    const page = await h.connector.pullOrders(window);
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    const o = page.items[0]!;
    expect(o).toMatchObject({
      platformOrderId: String(t.tid),
      platformStatus: 'WAIT_SELLER_SEND_GOODS',
      state: 'paid',
      currency: 'CNY',
      buyer: { name: 't**3' },
      address: { name: '张*', phone: '138****0000', line1: '文一西路969号', city: '杭州市 余杭区', region: '浙江省', postalCode: '311121', country: 'CN' },
      amounts: { subtotal: '282.00', shipping: '10.00', tax: '0.00', discount: '5.50', total: '286.50' },
      remarks: { buyer: '请尽快发货' },
    });
    expect(o.platformOrderId).toMatch(/^41234567890123450\d\d$/);
    expect(o.platformUpdatedAt.toISOString()).toBe(new Date(NOW.getTime() - 90 * 60_000).toISOString());
    expect(o.lines).toEqual([
      { lineId: String(t.orders.order[0]!.oid), platformSku: 'SKU-1', platformProductId: '612345678901', platformVariantId: '4800000000000', title: '商品 1', quantity: 1, unitPrice: '94.00' },
      { lineId: String(t.orders.order[1]!.oid), platformSku: 'SKU-2', platformProductId: '612345678902', platformVariantId: '4800000000001', title: '商品 2', quantity: 2, unitPrice: '94.00' },
    ]);
  });

  it.each([
    ['WAIT_BUYER_PAY', 'unpaid'], ['SELLER_CONSIGNED_PART', 'partially_shipped'], ['WAIT_BUYER_CONFIRM_GOODS', 'shipped'],
    ['TRADE_FINISHED', 'completed'], ['TRADE_CLOSED', 'refunded'], ['TRADE_CLOSED_BY_TAOBAO', 'cancelled'],
  ])('keeps status %s verbatim and normalizes it to %s', async (status, state) => {
    const t = makeTrade(NOW.getTime() - 90 * 60_000, { status });
    h.fake.store.trades.set(String(t.tid), t);
    const [o] = (await h.connector.pullOrders(window)).items;
    expect(o).toMatchObject({ platformStatus: status, state });
  });

  it('maps a refund of one sub-order', async () => {
    const t = makeTrade(NOW.getTime() - 100 * 60_000);
    h.fake.store.refunds.push(makeRefund(t, NOW.getTime() - 90 * 60_000, { status: 'SUCCESS' }));
    const { items } = await h.connector.pullRefunds(window);
    expect(items).toEqual([{
      platformRefundId: expect.stringMatching(/^98765432101234560\d\d$/), platformOrderId: String(t.tid), state: 'succeeded',
      lines: [{ lineId: String(t.orders.order[0]!.oid), quantity: 1 }], amount: '94.00', currency: 'CNY', reason: '七天无理由退换货',
      platformUpdatedAt: new Date(NOW.getTime() - 90 * 60_000),
    }]);
  });

  it('quarantines a trade without a required field (naming the trade and the field); the rest of the page goes on', async () => {
    const t = makeTrade(NOW.getTime() - 90 * 60_000);
    delete (t as Partial<typeof t>).payment;
    h.fake.store.trades.set(String(t.tid), t);
    const good = makeTrade(NOW.getTime() - 80 * 60_000);
    h.fake.store.trades.set(String(good.tid), good);
    const page = await h.connector.pullOrders(window);
    expect(page.items.map((o) => o.platformOrderId)).toEqual([String(good.tid)]);
    expect(page.quarantined).toHaveLength(1);
    expect(page.quarantined![0]).toMatchObject({ kind: 'order', platformRecordId: String(t.tid) });
    expect(page.quarantined![0]!.error).toContain('payment');
  });

  it('takes a non-numeric sku_id as a string id', async () => {
    const t = makeTrade(NOW.getTime() - 90 * 60_000);
    (t.orders.order[0] as { sku_id: unknown }).sku_id = 'sku-4800-a';
    h.fake.store.trades.set(String(t.tid), t);
    const page = await h.connector.pullOrders(window);
    expect(page.quarantined).toEqual([]);
    expect(page.items[0]!.lines[0]!.platformVariantId).toBe('sku-4800-a');
  });

  it('tolerates fields it does not know', async () => {
    const t = makeTrade(NOW.getTime() - 90 * 60_000, { oaid: 'x-oaid', is_sh_ship: false });
    h.fake.store.trades.set(String(t.tid), t);
    expect((await h.connector.pullOrders(window)).items).toHaveLength(1);
  });
});
