import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePddOrder, makePddRefund } from '../../fakes/pinduoduo/fixtures.js';
import { NOW_S, startPddHarness, type PddHarness } from './setup.js';

let h: PddHarness;
beforeEach(async () => { h = await startPddHarness(); });
afterEach(async () => { await h.fake.close(); });

const window = { since: new Date((NOW_S - 1200) * 1000), until: new Date((NOW_S - 600) * 1000) };

describe('pinduoduo mapping', () => {
  it('maps a realistic two-SKU order: yuan amounts as decimal strings, Beijing times, status codes verbatim', async () => {
    const o = makePddOrder(NOW_S - 900, { buyer_memo: '周末送', remark: '加急' }, 2);
    h.fake.store.orders.set(o.order_sn, o);
    const page = await h.connector.pullOrders(window);
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([{
      platformOrderId: o.order_sn,
      platformStatus: 'order_status=1;refund_status=1',
      state: 'paid',
      platformCreatedAt: new Date((NOW_S - 1020) * 1000),
      platformUpdatedAt: new Date((NOW_S - 900) * 1000),
      currency: 'CNY',
      buyer: {},
      address: { name: '李*', phone: '1387677****', line1: '娄山关路533号', city: '上海市 长宁区', region: '上海市', country: 'CN' },
      lines: o.item_list.map((i) => ({
        lineId: String(i.sku_id), platformSku: i.outer_id, platformProductId: String(i.goods_id), platformVariantId: String(i.sku_id),
        title: i.goods_name, quantity: i.goods_count, unitPrice: '29.90',
      })),
      amounts: { subtotal: '59.80', shipping: '0.00', tax: '0.00', discount: '3.90', total: '55.90' },
      remarks: { buyer: '周末送', seller: '加急' },
      flags: undefined,
    }]);
  });

  it.each([
    [{ order_status: 2 }, 'shipped'], [{ order_status: 3 }, 'completed'], [{ refund_status: 4 }, 'refunded'],
    [{ confirm_status: 0 }, 'unpaid'], [{ confirm_status: 2 }, 'cancelled'],
  ])('normalizes %o to %s', async (patch, state) => {
    const o = makePddOrder(NOW_S - 900, patch);
    h.fake.store.orders.set(o.order_sn, o);
    expect((await h.connector.pullOrders(window)).items[0]).toMatchObject({ state });
  });

  it('maps an after-sale of one SKU', async () => {
    const o = makePddOrder(NOW_S - 3000);
    h.fake.store.refunds.push(makePddRefund(o, NOW_S - 900, { after_sales_status: 10 }));
    const { items } = await h.connector.pullRefunds(window);
    expect(items).toEqual([{
      platformRefundId: expect.stringMatching(/^\d+$/), platformOrderId: o.order_sn, state: 'succeeded', lines: [{ lineId: String(o.item_list[0]!.sku_id), quantity: 1 }],
      amount: '29.90', currency: 'CNY', reason: '不想要了', platformUpdatedAt: new Date((NOW_S - 900) * 1000),
    }]);
  });

  it('quarantines an order whose item_list lacks goods_count (naming the order and the field); the rest goes on', async () => {
    const o = makePddOrder(NOW_S - 900);
    delete (o.item_list[0] as Partial<(typeof o.item_list)[0]>).goods_count;
    h.fake.store.orders.set(o.order_sn, o);
    const good = makePddOrder(NOW_S - 800);
    h.fake.store.orders.set(good.order_sn, good);
    const page = await h.connector.pullOrders(window);
    expect(page.items.map((x) => x.platformOrderId)).toEqual([good.order_sn]);
    expect(page.quarantined).toMatchObject([{ kind: 'order', platformRecordId: o.order_sn }]);
    expect(page.quarantined![0]!.error).toContain('item_list.0.goods_count');
  });
});
