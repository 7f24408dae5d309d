import { normalizeYuan } from '../taobao/money.js';
import { parseTopTime } from '../taobao/sign.js';
import type { NormalizedOrder, NormalizedRefund, PlatformOrderState, RefundState } from '../types.js';
import type { PddOrder, PddRefund } from './schemas.js';

const shippingState: Record<number, PlatformOrderState> = { 1: 'paid', 2: 'shipped', 3: 'completed' };

/** PDD has no single status string: the verbatim status is its two codes, order_status (发货状态) and refund_status (售后状态). */
export function pddStatus(o: Pick<PddOrder, 'order_status' | 'refund_status'>): string {
  return `order_status=${o.order_status};refund_status=${o.refund_status}`;
}

function stateOf(o: PddOrder): PlatformOrderState {
  if (o.refund_status === 4) return 'refunded';
  if (o.confirm_status === 2) return 'cancelled';
  if (o.confirm_status === 0) return 'unpaid'; // group not formed yet: not to be shipped
  return shippingState[o.order_status]!;
}

export function pddOrderToNormalized(o: PddOrder): NormalizedOrder {
  const line1 = o.receiver_address || o.address;
  return {
    platformOrderId: o.order_sn,
    platformStatus: pddStatus(o),
    state: stateOf(o),
    platformCreatedAt: parseTopTime(o.created_time), // PDD times are Beijing time, like TOP's
    platformUpdatedAt: parseTopTime(o.updated_at),
    currency: 'CNY',
    buyer: {},
    address: o.receiver_name && line1
      ? { name: o.receiver_name, phone: o.receiver_phone || undefined, line1, city: [o.city, o.town].filter(Boolean).join(' '), region: o.province, country: 'CN' }
      : undefined,
    lines: o.item_list.map((i) => ({
      lineId: i.sku_id, platformSku: i.outer_id || undefined, platformProductId: i.goods_id, platformVariantId: i.sku_id,
      title: i.goods_name, quantity: i.goods_count, unitPrice: normalizeYuan(i.goods_price),
    })),
    amounts: {
      subtotal: normalizeYuan(o.goods_amount), shipping: normalizeYuan(o.postage ?? '0'), tax: '0.00',
      discount: normalizeYuan(o.discount_amount ?? '0'), total: normalizeYuan(o.pay_amount),
    },
    remarks: o.buyer_memo || o.remark ? { buyer: o.buyer_memo || undefined, seller: o.remark || undefined } : undefined,
    flags: o.is_pre_sale === 1 || o.risk_control_status === 1
      ? { presale: o.is_pre_sale === 1 || undefined, risk: o.risk_control_status === 1 ? ['risk_control_review'] : undefined }
      : undefined,
  };
}

const refundStateOf = (s: number): RefundState => {
  if (s === 10) return 'succeeded';
  if ([4, 5, 7, 31].includes(s)) return 'approved';
  if ([6, 9].includes(s)) return 'rejected';
  if ([0, 11, 12, 13, 16, 17, 24, 25].includes(s)) return 'closed';
  return 'requested';
};

export function pddRefundToNormalized(r: PddRefund): NormalizedRefund {
  return {
    platformRefundId: r.id,
    platformOrderId: r.order_sn,
    state: refundStateOf(r.after_sales_status),
    lines: r.sku_id && r.goods_number ? [{ lineId: r.sku_id, quantity: r.goods_number }] : undefined,
    amount: r.refund_amount ? normalizeYuan(r.refund_amount) : undefined,
    currency: 'CNY',
    reason: r.after_sale_reason || undefined,
    platformUpdatedAt: parseTopTime(r.updated_time),
  };
}
