import type { NormalizedOrder, NormalizedRefund, PlatformOrderState, RefundState } from '../types.js';
import type { ShopeeOrder, ShopeeReturn } from './schemas.js';

/** Shopee order_status → the hub's state. PROCESSED means the shipment was arranged (ship_order done). */
export const orderStateOf: Readonly<Record<string, PlatformOrderState>> = {
  UNPAID: 'unpaid',
  PENDING: 'unpaid',
  READY_TO_SHIP: 'paid',
  RETRY_SHIP: 'paid',
  INVOICE_PENDING: 'paid',
  IN_CANCEL: 'paid',
  PROCESSED: 'shipped',
  SHIPPED: 'shipped',
  TO_CONFIRM_RECEIVE: 'shipped',
  TO_RETURN: 'shipped',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
};

/** Shopee return status → refund state. Unknown statuses read as 'requested' (no money moves on that). */
const returnStateOf: Readonly<Record<string, RefundState>> = {
  REQUESTED: 'requested',
  PROCESSING: 'requested',
  JUDGING: 'requested',
  SELLER_DISPUTE: 'requested',
  ACCEPTED: 'approved',
  REFUND_PAID: 'succeeded',
  CANCELLED: 'closed',
  CLOSED: 'closed',
};

/** Shopee's floats as decimal strings with two places (its prices carry at most two). */
export function money(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

/** Shopee order items have no line id of their own: item_id + model_id identifies the line within an order. */
export const lineIdOf = (itemId: string, modelId: string) => `${itemId}:${modelId}`;

const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

export function toNormalizedOrder(o: ShopeeOrder): NormalizedOrder {
  const state = orderStateOf[o.order_status];
  if (!state) throw new Error(`unknown order_status ${o.order_status}`);
  let subtotal = 0;
  let discount = 0;
  const lines = o.item_list.map((i) => {
    subtotal += i.model_original_price * i.model_quantity_purchased;
    discount += (i.model_original_price - i.model_discounted_price) * i.model_quantity_purchased;
    return {
      lineId: lineIdOf(i.item_id, i.model_id),
      platformSku: i.model_sku || i.item_sku || undefined,
      platformProductId: i.item_id,
      platformVariantId: i.model_id,
      title: i.model_name ? `${i.item_name ?? ''} (${i.model_name})`.trim() : i.item_name,
      quantity: i.model_quantity_purchased,
      unitPrice: money(i.model_discounted_price),
    };
  });
  const a = o.recipient_address;
  const risk = o.order_status === 'IN_CANCEL' ? ['buyer_requested_cancellation'] : [];
  return {
    platformOrderId: o.order_sn,
    platformStatus: o.order_status,
    state,
    platformCreatedAt: at(o.create_time),
    platformUpdatedAt: at(o.update_time),
    currency: o.currency,
    buyer: { platformBuyerId: o.buyer_user_id, name: o.buyer_username, phone: a?.phone },
    address: a
      ? {
          name: a.name, phone: a.phone, line1: a.full_address, line2: [a.town, a.district].filter(Boolean).join(', ') || undefined,
          city: a.city || a.district || a.town || '', region: a.state || undefined, postalCode: a.zipcode || undefined, country: (a.region || o.region).toUpperCase(),
        }
      : undefined,
    lines,
    amounts: {
      subtotal: money(subtotal), shipping: money(o.estimated_shipping_fee ?? 0), tax: '0.00', discount: money(discount), total: money(o.total_amount),
    },
    remarks: o.message_to_seller || o.note ? { buyer: o.message_to_seller || undefined, seller: o.note || undefined } : undefined,
    flags: o.cod || risk.length ? { cod: o.cod || undefined, risk: risk.length ? risk : undefined } : undefined,
  };
}

export function toNormalizedRefund(r: ShopeeReturn): NormalizedRefund {
  return {
    platformRefundId: r.return_sn,
    platformOrderId: r.order_sn,
    state: returnStateOf[r.status] ?? 'requested',
    lines: r.item?.length ? r.item.map((i) => ({ lineId: lineIdOf(i.item_id, i.model_id), quantity: i.amount })) : undefined,
    amount: r.refund_amount === undefined ? undefined : money(r.refund_amount),
    currency: r.currency,
    reason: r.text_reason || r.reason || undefined,
    platformUpdatedAt: at(r.update_time),
  };
}
