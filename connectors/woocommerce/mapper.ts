import type { NormalizedAddress, NormalizedOrder, NormalizedRefund, PlatformOrderState } from '../types.js';
import type { WcOrder, WcRefund } from './schemas.js';

/** Core statuses (OrderStatus enum). `trash` is a deleted order; `checkout-draft` never reaches the hub. */
const stateOf: Record<string, PlatformOrderState> = {
  pending: 'unpaid',
  'on-hold': 'unpaid',
  failed: 'unpaid',
  processing: 'paid',
  completed: 'completed',
  cancelled: 'cancelled',
  trash: 'cancelled',
  refunded: 'refunded',
};

/** Custom statuses added by plugins are kept verbatim; their state follows whether the order was paid. */
export function orderState(o: Pick<WcOrder, 'status' | 'date_paid_gmt'>): PlatformOrderState {
  return stateOf[o.status] ?? (o.date_paid_gmt ? 'paid' : 'unpaid');
}

/** `*_gmt` dates have no offset: they are UTC. */
export function wcGmt(value: string): Date {
  return new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
}

const nonEmpty = (v: string | null | undefined) => (v ? v : undefined);

function addressOf(o: WcOrder): NormalizedAddress | undefined {
  const a = o.shipping?.address_1 ? o.shipping : o.billing?.address_1 ? o.billing : undefined;
  if (!a) return undefined;
  return {
    name: [a.first_name, a.last_name].filter(Boolean).join(' ') || nonEmpty(a.company) || '',
    phone: nonEmpty(a.phone) ?? nonEmpty(o.billing?.phone),
    line1: a.address_1 ?? '',
    line2: nonEmpty(a.address_2),
    city: a.city ?? '',
    region: nonEmpty(a.state),
    postalCode: nonEmpty(a.postcode),
    country: (a.country ?? '').toUpperCase(),
  };
}

/** Sums decimal strings exactly (in minor units of the longest scale). */
export function sumMoney(values: string[]): string {
  const scale = Math.max(2, ...values.map((v) => (v.split('.')[1] ?? '').length));
  let total = 0n;
  for (const v of values) {
    const neg = v.startsWith('-');
    const [int = '0', frac = ''] = v.replace('-', '').split('.');
    const units = BigInt(int + frac.padEnd(scale, '0'));
    total += neg ? -units : units;
  }
  const neg = total < 0n;
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Unit price from the line subtotal (before discounts), kept as a decimal string. */
function unitPrice(l: WcOrder['line_items'][number]): string {
  if (l.subtotal && l.quantity > 0) {
    const [int = '0', frac = ''] = l.subtotal.split('.');
    const scale = Math.max(2, frac.length);
    const units = BigInt(int + frac.padEnd(scale, '0'));
    if (units % BigInt(l.quantity) === 0n) {
      const digits = (units / BigInt(l.quantity)).toString().padStart(scale + 1, '0');
      return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    }
  }
  return typeof l.price === 'number' ? l.price.toFixed(2) : (l.price ?? '0.00');
}

export function toNormalizedOrder(o: WcOrder): NormalizedOrder {
  const subtotal = sumMoney(o.line_items.map((l) => l.subtotal ?? '0'));
  const remarks = o.customer_note ? { buyer: o.customer_note } : undefined;
  return {
    platformOrderId: String(o.id),
    platformStatus: o.status,
    state: orderState(o),
    platformCreatedAt: wcGmt(o.date_created_gmt),
    platformUpdatedAt: wcGmt(o.date_modified_gmt),
    currency: o.currency.toUpperCase(),
    buyer: {
      platformBuyerId: o.customer_id ? String(o.customer_id) : undefined,
      name: [o.billing?.first_name, o.billing?.last_name].filter(Boolean).join(' ') || undefined,
      email: nonEmpty(o.billing?.email),
      phone: nonEmpty(o.billing?.phone),
    },
    address: addressOf(o),
    lines: o.line_items.map((l) => ({
      lineId: String(l.id),
      platformSku: nonEmpty(l.sku),
      platformProductId: l.product_id ? String(l.product_id) : undefined,
      platformVariantId: l.variation_id ? String(l.variation_id) : undefined,
      title: nonEmpty(l.name),
      quantity: l.quantity,
      unitPrice: unitPrice(l),
    })),
    amounts: { subtotal, shipping: o.shipping_total, tax: o.total_tax, discount: o.discount_total, total: o.total },
    remarks,
    flags: o.payment_method === 'cod' ? { cod: true } : undefined,
  };
}

/** Which order line a refund line undoes: `_refunded_item_id` when exposed, else the same product/variation. */
type RefundOrder = Pick<WcOrder, 'id' | 'currency' | 'line_items'>;

function refundedLineId(l: NonNullable<WcRefund['line_items']>[number], order: RefundOrder): string | undefined {
  const meta = l.meta_data?.find((m) => m.key === '_refunded_item_id')?.value ?? (l as { refunded_item_id?: unknown }).refunded_item_id;
  if (meta !== undefined && meta !== null && String(meta) !== '' && String(meta) !== '0') return String(meta);
  const match = order.line_items.find((x) => (x.product_id ?? 0) === (l.product_id ?? 0) && (x.variation_id ?? 0) === (l.variation_id ?? 0));
  return match ? String(match.id) : undefined;
}

/** A WooCommerce refund exists only once it is recorded, so it is `succeeded` (money back manually or through the gateway). */
export function toNormalizedRefund(r: WcRefund, order: RefundOrder): NormalizedRefund {
  const lines = (r.line_items ?? [])
    .map((l) => ({ lineId: refundedLineId(l, order), quantity: Math.abs(l.quantity) }))
    .filter((l): l is { lineId: string; quantity: number } => l.lineId !== undefined && l.quantity > 0);
  return {
    platformRefundId: String(r.id),
    platformOrderId: String(order.id),
    state: 'succeeded',
    lines: lines.length ? lines : undefined,
    amount: r.amount.replace(/^-/, ''),
    currency: order.currency.toUpperCase(),
    reason: nonEmpty(r.reason),
    platformUpdatedAt: wcGmt(r.date_created_gmt),
  };
}
