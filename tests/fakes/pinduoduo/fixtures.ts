import type { FakePddOrder, FakePddRefund } from './store.js';
import { secsToPddTime } from './protocol.js';

let seq = 0;

/** A realistic PDD order (yuan amounts as numbers, Beijing times, one entry per SKU in item_list). */
export function makePddOrder(updatedSecs: number, over: Partial<FakePddOrder> = {}, skus = 1): FakePddOrder {
  seq += 1;
  const sn = `240501-${String(100_000_000_000 + seq)}`;
  return {
    order_sn: sn,
    order_status: 1,
    refund_status: 1,
    confirm_status: 1,
    created_time: secsToPddTime(updatedSecs - 120),
    updated_at: secsToPddTime(updatedSecs),
    pay_amount: 55.9,
    goods_amount: 59.8,
    discount_amount: 3.9,
    postage: 0,
    receiver_name: '李*',
    receiver_phone: '1387677****',
    province: '上海市',
    city: '上海市',
    town: '长宁区',
    address: '上海市上海市长宁区娄山关路533号',
    receiver_address: '娄山关路533号',
    item_list: Array.from({ length: skus }, (_, i) => ({
      goods_id: 300_000_000 + i, sku_id: 900_000_000_000 + seq * 10 + i, outer_id: `PDD-SKU-${i + 1}`, goods_name: `拼单商品 ${i + 1}`, goods_price: 29.9, goods_count: 1 + i,
    })),
    ...over,
  };
}

export function makePddRefund(order: FakePddOrder, updatedSecs: number, over: Partial<FakePddRefund> = {}): FakePddRefund {
  const item = order.item_list[0]!;
  return {
    id: 7_000_000 + (seq += 1), order_sn: order.order_sn, after_sales_status: 2, after_sales_type: 2, sku_id: String(item.sku_id), goods_number: '1',
    refund_amount: '29.90', after_sale_reason: '不想要了', updated_time: secsToPddTime(updatedSecs), ...over,
  };
}
