import type { NormalizedAddress, NormalizedOrder, NormalizedRefund, PlatformOrderState } from '../types.js';
import { legacyId } from './ids.js';
import type { ShopifyOrder, ShopifyRefund } from './schemas.js';

type Line = ShopifyOrder['lineItems']['nodes'][number];

const isCod = (o: ShopifyOrder) => (o.paymentGatewayNames ?? []).some((g) => /cash on delivery|\bcod\b/i.test(g));

/**
 * Shopify has no single order status: it has a financial status, a fulfilment status and cancelled/closed
 * timestamps. platformStatus keeps them verbatim (`PAID/PARTIALLY_FULFILLED`, `…/CANCELLED`, `…/CLOSED`).
 * A cash-on-delivery order stays PENDING until the courier collects, so it counts as payable ('paid') with
 * flags.cod set; otherwise PENDING/EXPIRED/VOIDED are unpaid and AUTHORIZED is paid (funds held).
 */
export function stateOf(o: ShopifyOrder): PlatformOrderState {
  const fin = o.displayFinancialStatus ?? 'PENDING';
  const ful = o.displayFulfillmentStatus;
  if (o.cancelledAt) return 'cancelled';
  if (fin === 'REFUNDED') return 'refunded';
  if (ful === 'FULFILLED') return o.closedAt ? 'completed' : 'shipped';
  if (ful === 'PARTIALLY_FULFILLED') return 'partially_shipped';
  if (['PENDING', 'EXPIRED', 'VOIDED'].includes(fin) && !isCod(o)) return 'unpaid';
  return 'paid';
}

export function platformStatusOf(o: ShopifyOrder): string {
  const parts = [o.displayFinancialStatus ?? 'NONE', o.displayFulfillmentStatus];
  if (o.cancelledAt) parts.push('CANCELLED');
  else if (o.closedAt) parts.push('CLOSED');
  return parts.join('/');
}

function addressOf(o: ShopifyOrder): NormalizedAddress | undefined {
  const a = o.shippingAddress;
  if (!a) return undefined;
  const name = a.name ?? [a.firstName, a.lastName].filter(Boolean).join(' ');
  return {
    name,
    phone: a.phone ?? undefined,
    line1: a.address1 ?? '',
    line2: a.address2 || undefined,
    city: a.city ?? '',
    region: a.provinceCode ?? a.province ?? undefined,
    postalCode: a.zip ?? undefined,
    country: (a.countryCodeV2 ?? '').toUpperCase(),
  };
}

function lineOf(l: Line) {
  return {
    lineId: legacyId(l.id),
    platformSku: l.sku || undefined,
    platformProductId: l.product ? legacyId(l.product.id) : undefined,
    platformVariantId: l.variant ? legacyId(l.variant.id) : undefined,
    title: l.title ?? undefined,
    quantity: l.quantity,
    unitPrice: l.originalUnitPriceSet.shopMoney.amount,
  };
}

/** Maps an order (with every line already fetched) to the hub's shape; money stays a decimal string. */
export function toNormalizedOrder(o: ShopifyOrder, lines: Line[] = o.lineItems.nodes): NormalizedOrder {
  const c = o.customer;
  const name = c ? [c.firstName, c.lastName].filter(Boolean).join(' ') || undefined : undefined;
  return {
    platformOrderId: legacyId(o.id),
    platformStatus: platformStatusOf(o),
    state: stateOf(o),
    platformCreatedAt: new Date(o.createdAt),
    platformUpdatedAt: new Date(o.updatedAt),
    currency: o.currencyCode,
    buyer: { platformBuyerId: c ? legacyId(c.id) : undefined, name, email: o.email ?? undefined, phone: o.phone ?? c?.phone ?? undefined },
    address: addressOf(o),
    lines: lines.map(lineOf),
    amounts: {
      subtotal: o.subtotalPriceSet?.shopMoney.amount ?? '0.00',
      shipping: o.totalShippingPriceSet.shopMoney.amount,
      tax: o.totalTaxSet?.shopMoney.amount ?? '0.00',
      discount: o.totalDiscountsSet?.shopMoney.amount ?? '0.00',
      total: o.totalPriceSet.shopMoney.amount,
    },
    remarks: o.note ? { buyer: o.note } : undefined,
    flags: isCod(o) ? { cod: true } : undefined,
  };
}

/** Shopify records a refund once it is processed, so every refund it lists has succeeded. */
export function toNormalizedRefund(orderGid: string, r: ShopifyRefund, lines: ShopifyRefund['refundLineItems']['nodes'] = r.refundLineItems.nodes): NormalizedRefund {
  const refunded = lines.filter((l) => l.quantity > 0);
  return {
    platformRefundId: legacyId(r.id),
    platformOrderId: legacyId(orderGid),
    state: 'succeeded',
    // Always a list: a refund without lines (shipping, goodwill) refunds money only, never "the whole order".
    lines: refunded.map((l) => ({ lineId: legacyId(l.lineItem.id), quantity: l.quantity })),
    amount: r.totalRefundedSet.shopMoney.amount,
    currency: r.totalRefundedSet.shopMoney.currencyCode,
    reason: r.note ?? undefined,
    platformUpdatedAt: new Date(r.updatedAt ?? r.createdAt),
  };
}
