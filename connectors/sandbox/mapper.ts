import type { NormalizedOrder, NormalizedRefund, PlatformOrderState } from '../types.js';
import type { SandboxOrderPayload, SandboxRefundPayload } from './schemas.js';

const stateOf: Record<SandboxOrderPayload['status'], PlatformOrderState> = {
  pending_payment: 'unpaid',
  paid: 'paid',
  partially_fulfilled: 'partially_shipped',
  fulfilled: 'shipped',
  cancelled: 'cancelled',
  refunded: 'refunded',
};

export function toNormalizedOrder(o: SandboxOrderPayload): NormalizedOrder {
  const a = o.shipping_address;
  return {
    platformOrderId: o.id,
    platformStatus: o.status,
    state: stateOf[o.status],
    platformCreatedAt: new Date(o.created_at),
    platformUpdatedAt: new Date(o.updated_at),
    currency: o.currency,
    buyer: { platformBuyerId: o.customer.id, name: o.customer.name, email: o.customer.email, phone: o.customer.phone },
    address: a
      ? { name: a.name, phone: a.phone, line1: a.address1, line2: a.address2, city: a.city, region: a.province, postalCode: a.zip, country: a.country_code.toUpperCase() }
      : undefined,
    lines: o.line_items.map((l) => ({
      lineId: l.id, platformSku: l.sku || undefined, platformProductId: l.product_id, platformVariantId: l.variant_id, title: l.title, quantity: l.quantity, unitPrice: l.price,
    })),
    amounts: { subtotal: o.subtotal_price, shipping: o.shipping_price, tax: o.total_tax, discount: o.total_discounts, total: o.total_price },
    remarks: o.note ? { buyer: o.note } : undefined,
    flags: o.cash_on_delivery ? { cod: true } : undefined,
  };
}

export function toNormalizedRefund(r: SandboxRefundPayload): NormalizedRefund {
  return {
    platformRefundId: r.id,
    platformOrderId: r.order_id,
    state: r.status,
    lines: r.line_items?.map((l) => ({ lineId: l.id, quantity: l.quantity })),
    amount: r.amount,
    currency: r.currency,
    reason: r.reason ?? undefined,
    platformUpdatedAt: new Date(r.updated_at),
  };
}
