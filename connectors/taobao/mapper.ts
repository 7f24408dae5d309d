import type { NormalizedOrder, NormalizedRefund, PlatformOrderState, RefundState } from '../types.js';
import { fenToYuan, normalizeYuan, toFen } from './money.js';
import type { TopRefund, TopTrade } from './schemas.js';
import { parseTopTime } from './sign.js';

const stateOf: Record<TopTrade['status'], PlatformOrderState> = {
  TRADE_NO_CREATE_PAY: 'unpaid',
  WAIT_BUYER_PAY: 'unpaid',
  PAY_PENDING: 'unpaid',
  WAIT_PRE_AUTH_CONFIRM: 'unpaid',
  WAIT_SELLER_SEND_GOODS: 'paid',
  PAID_FORBID_CONSIGN: 'paid',
  SELLER_CONSIGNED_PART: 'partially_shipped',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_BUYER_SIGNED: 'completed',
  TRADE_FINISHED: 'completed',
  TRADE_CLOSED: 'refunded', // closed after the buyer was refunded
  TRADE_CLOSED_BY_TAOBAO: 'cancelled', // closed before payment
};

const refundStateOf: Record<TopRefund['status'], RefundState> = {
  WAIT_SELLER_AGREE: 'requested',
  EXCHANGE_TRANSFORM_TO_REFUND: 'requested',
  WAIT_BUYER_RETURN_GOODS: 'approved',
  WAIT_SELLER_CONFIRM_GOODS: 'approved',
  WAIT_SELLER_CONSIGN_GOODS: 'approved',
  WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS: 'approved',
  SELLER_REFUSE_BUYER: 'rejected',
  CLOSED: 'closed',
  SUCCESS: 'succeeded',
};

export function tradeToOrder(t: TopTrade): NormalizedOrder {
  const lines = t.orders.order.map((o) => ({
    lineId: o.oid, platformSku: o.outer_sku_id || o.outer_iid || undefined, platformProductId: o.num_iid, platformVariantId: o.sku_id,
    title: o.title, quantity: o.num, unitPrice: normalizeYuan(o.price),
  }));
  const goods = t.orders.order.reduce((sum, o) => sum + toFen(o.price) * BigInt(o.num), 0n);
  const address = t.receiver_address && t.receiver_name
    ? {
        name: t.receiver_name, phone: t.receiver_mobile || t.receiver_phone || undefined,
        line1: t.receiver_address, line2: t.receiver_town || undefined,
        city: [t.receiver_city, t.receiver_district].filter(Boolean).join(' '), region: t.receiver_state, postalCode: t.receiver_zip || undefined,
        country: t.receiver_country && /^[A-Za-z]{2}$/.test(t.receiver_country) ? t.receiver_country.toUpperCase() : 'CN',
      }
    : undefined;
  return {
    platformOrderId: t.tid,
    platformStatus: t.status,
    state: stateOf[t.status],
    platformCreatedAt: parseTopTime(t.created),
    platformUpdatedAt: parseTopTime(t.modified),
    currency: 'CNY',
    buyer: { platformBuyerId: t.buyer_open_uid, name: t.buyer_nick },
    address,
    lines,
    amounts: {
      subtotal: t.total_fee ? normalizeYuan(t.total_fee) : fenToYuan(goods),
      shipping: normalizeYuan(t.post_fee ?? '0'),
      tax: '0.00',
      discount: normalizeYuan(t.discount_fee ?? '0'),
      total: normalizeYuan(t.payment),
    },
    remarks: t.buyer_message || t.seller_memo ? { buyer: t.buyer_message || undefined, seller: t.seller_memo || undefined } : undefined,
    flags: t.type === 'cod' || t.type === 'step' ? { cod: t.type === 'cod' || undefined, presale: t.type === 'step' || undefined } : undefined,
  };
}

export function refundToNormalized(r: TopRefund): NormalizedRefund {
  return {
    platformRefundId: r.refund_id,
    platformOrderId: r.tid,
    state: refundStateOf[r.status],
    lines: r.oid && r.num ? [{ lineId: r.oid, quantity: r.num }] : undefined,
    amount: r.refund_fee ? normalizeYuan(r.refund_fee) : undefined,
    currency: 'CNY',
    reason: r.reason,
    platformUpdatedAt: parseTopTime(r.modified),
  };
}
