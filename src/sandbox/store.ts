import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  decodeCursor, encodeCursor, fromCents, toCents, unfulfilled,
  type SandboxAddress, type SandboxFulfillment, type SandboxOrder, type SandboxProduct, type SandboxRefund, type SandboxState,
} from './model.js';

/** A refusal in the storefront's own terms: HTTP status, a stable code and a message. */
export class SandboxError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface NewOrderInput {
  lines: { sku: string; quantity: number; price?: string }[];
  customer?: { name: string; email?: string; phone?: string };
  address?: SandboxAddress | null;
  note?: string | null;
  currency?: string;
  shipping?: string;
  cashOnDelivery?: boolean;
  status?: 'pending_payment' | 'paid';
}

export interface ListQuery {
  updatedSince?: Date;
  updatedUntil?: Date;
  cursor?: string;
  limit: number;
}

export interface SandboxEvent {
  id: string;
  topic: 'orders/created' | 'orders/updated' | 'orders/cancelled' | 'refunds/created' | 'refunds/updated';
  payload: SandboxOrder | SandboxRefund;
}

const defaultAddress: SandboxAddress = {
  name: 'Li Lei', phone: '+86 138 0000 0000', address1: '88 Century Avenue', city: 'Shanghai', province: 'Shanghai', zip: '200120', country_code: 'CN',
};

/**
 * The storefront's state: products, orders, refunds, webhook subscriptions. Every change stamps
 * `updated_at` from the storefront's clock and emits an event the webhook sender delivers. Optionally
 * saved to a JSON file so the embedded demo keeps its storefront across restarts.
 */
export class SandboxStore extends EventEmitter {
  private state: SandboxState;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: { now?: () => Date; statePath?: string } = {}) {
    super();
    this.state = opts.statePath && existsSync(opts.statePath)
      ? (JSON.parse(readFileSync(opts.statePath, 'utf8')) as SandboxState)
      : { seq: 1000, products: [], orders: [], refunds: [], webhooks: [] };
  }

  now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  private nextId(): string {
    this.state.seq += 1;
    return String(this.state.seq);
  }

  private changed(event?: Omit<SandboxEvent, 'id'>): void {
    if (event) this.emit('event', { ...event, id: `evt_${this.nextId()}` } satisfies SandboxEvent);
    if (!this.opts.statePath || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 200);
    this.saveTimer.unref();
  }

  /** Writes the state file now (atomic rename). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.opts.statePath) return;
    writeFileSync(`${this.opts.statePath}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.opts.statePath}.tmp`, this.opts.statePath);
  }

  // ---- products and inventory ----

  upsertProduct(p: { sku: string; title: string; price: string; available?: number }): SandboxProduct {
    const at = this.now().toISOString();
    const existing = this.state.products.find((x) => x.sku === p.sku);
    if (existing) {
      Object.assign(existing, { title: p.title, price: p.price, available: p.available ?? existing.available, updated_at: at });
      this.changed();
      return existing;
    }
    const id = this.nextId();
    const product: SandboxProduct = { product_id: id, variant_id: `${id}01`, sku: p.sku, title: p.title, price: p.price, available: p.available ?? 0, updated_at: at };
    this.state.products.push(product);
    this.changed();
    return product;
  }

  products(): readonly SandboxProduct[] {
    return this.state.products;
  }

  product(sku: string): SandboxProduct | undefined {
    return this.state.products.find((p) => p.sku === sku);
  }

  /** Sets available quantities by SKU; unknown SKUs are reported, not fatal (as real bulk endpoints do). */
  setInventory(items: { sku: string; available: number }[]): { sku: string; status: 'ok' | 'not_found' }[] {
    const at = this.now().toISOString();
    const out = items.map((i) => {
      const p = this.product(i.sku);
      if (!p) return { sku: i.sku, status: 'not_found' as const };
      p.available = i.available;
      p.updated_at = at;
      return { sku: i.sku, status: 'ok' as const };
    });
    this.changed();
    return out;
  }

  // ---- orders ----

  createOrder(input: NewOrderInput): SandboxOrder {
    if (input.lines.length === 0) throw new SandboxError(422, 'no_lines', 'an order needs at least one line');
    const at = this.now().toISOString();
    const id = this.nextId();
    const line_items = input.lines.map((l) => {
      const p = this.product(l.sku);
      if (!p) throw new SandboxError(422, 'unknown_sku', `no product with sku ${l.sku}`);
      if (!Number.isInteger(l.quantity) || l.quantity < 1) throw new SandboxError(422, 'invalid_quantity', 'quantity must be a positive integer');
      return { id: this.nextId(), product_id: p.product_id, variant_id: p.variant_id, sku: p.sku, title: p.title, quantity: l.quantity, price: l.price ?? p.price };
    });
    const subtotal = line_items.reduce((a, l) => a + toCents(l.price) * l.quantity, 0);
    const shipping = toCents(input.shipping ?? '5.00');
    const customer = input.customer ?? { name: defaultAddress.name, email: 'buyer@example.com', phone: defaultAddress.phone };
    const order: SandboxOrder = {
      id,
      name: `#${id}`,
      status: input.status ?? 'paid',
      created_at: at,
      updated_at: at,
      currency: input.currency ?? 'CNY',
      customer: { id: `cus_${customer.email ?? customer.name}`, ...customer },
      shipping_address: input.address === undefined ? { ...defaultAddress, name: customer.name } : input.address,
      line_items,
      subtotal_price: fromCents(subtotal),
      shipping_price: fromCents(shipping),
      total_tax: '0.00',
      total_discounts: '0.00',
      total_price: fromCents(subtotal + shipping),
      note: input.note ?? null,
      cash_on_delivery: input.cashOnDelivery ?? false,
      fulfillments: [],
    };
    this.state.orders.push(order);
    this.changed({ topic: 'orders/created', payload: order });
    return order;
  }

  order(id: string): SandboxOrder {
    const o = this.state.orders.find((x) => x.id === id);
    if (!o) throw new SandboxError(404, 'not_found', `order ${id} not found`);
    return o;
  }

  orders(): readonly SandboxOrder[] {
    return this.state.orders;
  }

  /** Applies a change to an order and stamps it, the way a seller editing it in the storefront would. */
  touchOrder(id: string, change: (o: SandboxOrder) => void): SandboxOrder {
    const o = this.order(id);
    change(o);
    o.updated_at = this.now().toISOString();
    this.changed({ topic: 'orders/updated', payload: o });
    return o;
  }

  cancelOrder(id: string): SandboxOrder {
    const o = this.order(id);
    if (o.fulfillments.length > 0) throw new SandboxError(422, 'already_fulfilled', 'a fulfilled order cannot be cancelled');
    if (o.status === 'cancelled') return o;
    o.status = 'cancelled';
    o.updated_at = this.now().toISOString();
    this.changed({ topic: 'orders/cancelled', payload: o });
    return o;
  }

  refund(orderId: string, input: { lines?: { id: string; quantity: number }[]; reason?: string; status?: SandboxRefund['status'] }): SandboxRefund {
    const o = this.order(orderId);
    const byId = new Map(o.line_items.map((l) => [l.id, l]));
    for (const l of input.lines ?? []) {
      const line = byId.get(l.id);
      if (!line) throw new SandboxError(422, 'unknown_line', `order ${orderId} has no line ${l.id}`);
      if (l.quantity < 1 || l.quantity > line.quantity) throw new SandboxError(422, 'invalid_quantity', `refund quantity for line ${l.id} must be 1..${line.quantity}`);
    }
    const amount = input.lines
      ? input.lines.reduce((a, l) => a + toCents(byId.get(l.id)!.price) * l.quantity, 0)
      : toCents(o.total_price);
    const at = this.now().toISOString();
    const refund: SandboxRefund = {
      id: this.nextId(), order_id: o.id, status: input.status ?? 'succeeded', amount: fromCents(amount), currency: o.currency,
      reason: input.reason ?? null, created_at: at, updated_at: at, ...(input.lines ? { line_items: input.lines } : {}),
    };
    this.state.refunds.push(refund);
    if (!input.lines && (refund.status === 'succeeded' || refund.status === 'approved')) o.status = 'refunded';
    o.updated_at = at;
    this.changed({ topic: 'refunds/created', payload: refund });
    return refund;
  }

  refunds(): readonly SandboxRefund[] {
    return this.state.refunds;
  }

  /**
   * Records a fulfilment. Idempotent on `idempotency_key` (a retry gets the first answer back); refuses
   * quantities beyond what is left and fulfilments of cancelled or refunded orders.
   */
  fulfill(orderId: string, input: { tracking_number: string; tracking_company: string; line_items?: { id: string; quantity: number }[]; idempotency_key?: string }): { fulfillment: SandboxFulfillment; created: boolean } {
    const o = this.order(orderId);
    if (input.idempotency_key) {
      const prior = o.fulfillments.find((f) => f.idempotency_key === input.idempotency_key);
      if (prior) return { fulfillment: prior, created: false };
    }
    if (o.status === 'cancelled' || o.status === 'refunded') throw new SandboxError(422, 'order_closed', `order ${orderId} is ${o.status}`);
    const left = unfulfilled(o);
    const lines = input.line_items ?? [...left].filter(([, q]) => q > 0).map(([id, quantity]) => ({ id, quantity }));
    if (lines.length === 0) throw new SandboxError(422, 'nothing_to_fulfill', `order ${orderId} is already fulfilled`);
    for (const l of lines) {
      const remaining = left.get(l.id);
      if (remaining === undefined) throw new SandboxError(422, 'unknown_line', `order ${orderId} has no line ${l.id}`);
      if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > remaining) {
        throw new SandboxError(422, 'invalid_quantity', `line ${l.id}: ${remaining} left to fulfil, got ${l.quantity}`);
      }
    }
    const at = this.now().toISOString();
    const fulfillment: SandboxFulfillment = {
      id: this.nextId(), tracking_number: input.tracking_number, tracking_company: input.tracking_company, line_items: lines, created_at: at,
      ...(input.idempotency_key ? { idempotency_key: input.idempotency_key } : {}),
    };
    o.fulfillments.push(fulfillment);
    const after = unfulfilled(o);
    o.status = [...after.values()].every((q) => q <= 0) ? 'fulfilled' : 'partially_fulfilled';
    o.updated_at = at;
    this.changed({ topic: 'orders/updated', payload: o });
    return { fulfillment, created: true };
  }

  // ---- listing with updated-since filter and keyset cursor ----

  list<T extends { id: string; updated_at: string }>(kind: 'orders' | 'refunds', q: ListQuery): { items: T[]; nextCursor: string | null } {
    const c = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !c) throw new SandboxError(400, 'invalid_cursor', 'cursor is not one this API issued');
    const since = c ? c.since : q.updatedSince?.toISOString();
    const until = c ? c.until : q.updatedUntil?.toISOString();
    const all = (kind === 'orders' ? this.state.orders : this.state.refunds) as unknown as T[];
    const rows = all
      .filter((x) => (!since || x.updated_at >= since) && (!until || x.updated_at < until))
      .filter((x) => !c || x.updated_at > c.after.updatedAt || (x.updated_at === c.after.updatedAt && x.id > c.after.id))
      .sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > q.limit && last ? encodeCursor({ after: { updatedAt: last.updated_at, id: last.id }, since, until }) : null;
    return { items: structuredClone(items), nextCursor };
  }

  count(kind: 'orders' | 'refunds', q: { updatedSince?: Date; updatedUntil?: Date }): number {
    const since = q.updatedSince?.toISOString();
    const until = q.updatedUntil?.toISOString();
    const all = kind === 'orders' ? this.state.orders : this.state.refunds;
    return all.filter((x) => (!since || x.updated_at >= since) && (!until || x.updated_at < until)).length;
  }

  // ---- webhook subscriptions ----

  subscribe(url: string, topics: string[]): { id: string; url: string; topics: string[] } {
    const existing = this.state.webhooks.find((w) => w.url === url);
    if (existing) {
      existing.topics = topics;
      this.changed();
      return existing;
    }
    const sub = { id: this.nextId(), url, topics };
    this.state.webhooks.push(sub);
    this.changed();
    return sub;
  }

  subscriptions(): readonly { id: string; url: string; topics: string[] }[] {
    return this.state.webhooks;
  }
}
