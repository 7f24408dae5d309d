/**
 * The sandbox storefront's own data, in its own wire shapes (snake_case, decimal strings, numeric-string
 * ids), the way a real platform's API would present them. The hub only ever sees these through HTTP.
 */
export type SandboxOrderStatus = 'pending_payment' | 'paid' | 'partially_fulfilled' | 'fulfilled' | 'cancelled' | 'refunded';
export type SandboxRefundStatus = 'requested' | 'approved' | 'succeeded' | 'rejected';

export interface SandboxProduct {
  product_id: string;
  variant_id: string;
  sku: string;
  title: string;
  price: string;
  available: number;
  updated_at: string;
}

export interface SandboxLineItem {
  id: string;
  product_id: string;
  variant_id: string;
  sku: string;
  title: string;
  quantity: number;
  price: string;
}

export interface SandboxAddress {
  name: string;
  phone?: string;
  address1: string;
  address2?: string;
  city: string;
  province?: string;
  zip?: string;
  country_code: string;
}

export interface SandboxFulfillment {
  id: string;
  tracking_number: string;
  tracking_company: string;
  line_items: { id: string; quantity: number }[];
  idempotency_key?: string;
  created_at: string;
}

export interface SandboxOrder {
  id: string;
  name: string;
  status: SandboxOrderStatus;
  created_at: string;
  updated_at: string;
  currency: string;
  customer: { id: string; name: string; email?: string; phone?: string };
  shipping_address: SandboxAddress | null;
  line_items: SandboxLineItem[];
  subtotal_price: string;
  shipping_price: string;
  total_tax: string;
  total_discounts: string;
  total_price: string;
  note: string | null;
  cash_on_delivery: boolean;
  fulfillments: SandboxFulfillment[];
}

export interface SandboxRefund {
  id: string;
  order_id: string;
  status: SandboxRefundStatus;
  /** Absent: the whole order. */
  line_items?: { id: string; quantity: number }[];
  amount: string;
  currency: string;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface SandboxWebhookSubscription {
  id: string;
  url: string;
  topics: string[];
}

export interface SandboxState {
  seq: number;
  products: SandboxProduct[];
  orders: SandboxOrder[];
  refunds: SandboxRefund[];
  webhooks: SandboxWebhookSubscription[];
}

/** Cents arithmetic on decimal strings. */
export const toCents = (s: string): number => Math.round(Number(s) * 100);
export const fromCents = (c: number): string => (c / 100).toFixed(2);

/** How many of each line are still unfulfilled. */
export function unfulfilled(o: SandboxOrder): Map<string, number> {
  const left = new Map(o.line_items.map((l) => [l.id, l.quantity]));
  for (const f of o.fulfillments) for (const fl of f.line_items) left.set(fl.id, (left.get(fl.id) ?? 0) - fl.quantity);
  return left;
}

/** Keyset cursor over (updated_at, id) within one filter, opaque to clients. */
export interface ListCursor {
  after: { updatedAt: string; id: string };
  since?: string;
  until?: string;
}

export const encodeCursor = (c: ListCursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(s: string): ListCursor | null {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as ListCursor;
    return typeof c?.after?.updatedAt === 'string' && typeof c.after.id === 'string' ? c : null;
  } catch {
    return null;
  }
}
