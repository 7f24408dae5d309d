import type { FakeRefund, FakeTrade } from './store.js';
import { msToTopTime } from './top-protocol.js';

let seq = 0n;

/** A realistic TOP trade (64-bit ids, GMT+8 times, yuan amounts) with one or more sub-orders. */
export function makeTrade(modifiedMs: number, over: Partial<FakeTrade> = {}, lines = 1): FakeTrade {
  seq += 1n;
  const tid = 4_123_456_789_012_345_000n + seq * 10n;
  return {
    tid,
    status: 'WAIT_SELLER_SEND_GOODS',
    type: 'fixed',
    created: msToTopTime(modifiedMs - 60_000),
    modified: msToTopTime(modifiedMs),
    payment: '198.00',
    post_fee: '10.00',
    buyer_nick: 't**3',
    receiver_name: '张*',
    receiver_mobile: '138****0000',
    receiver_state: '浙江省',
    receiver_city: '杭州市',
    receiver_district: '余杭区',
    receiver_address: '文一西路969号',
    receiver_zip: '311121',
    orders: {
      order: Array.from({ length: lines }, (_, i) => ({
        oid: tid + BigInt(i + 1), num_iid: 612_345_678_901n + BigInt(i), sku_id: 4_800_000_000_000n + BigInt(i),
        outer_sku_id: `SKU-${i + 1}`, title: `商品 ${i + 1}`, num: 1 + i, price: '94.00', status: 'WAIT_SELLER_SEND_GOODS',
      })),
    },
    ...over,
  };
}

export function makeRefund(trade: FakeTrade, modifiedMs: number, over: Partial<FakeRefund> = {}): FakeRefund {
  const o = trade.orders.order[0]!;
  return {
    refund_id: 9_876_543_210_123_456_000n + (seq += 1n),
    tid: trade.tid, oid: o.oid, status: 'WAIT_SELLER_AGREE', modified: msToTopTime(modifiedMs), refund_fee: '94.00', num: 1, reason: '七天无理由退换货',
    ...over,
  };
}
