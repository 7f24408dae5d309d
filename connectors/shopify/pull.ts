import type { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { rawId, RecordSieve } from '../records.js';
import type { NormalizedOrder, NormalizedRefund, PullPage, PullWindow } from '../types.js';
import type { ShopifyClient } from './client.js';
import { decodeCursor, encodeCursor, updatedWithin } from './cursor.js';
import { legacyId } from './ids.js';
import { toNormalizedOrder, toNormalizedRefund } from './mapper.js';
import * as q from './queries.js';
import {
  nodeLineItemsSchema, nodeRefundLinesSchema, orderAllRefundsSchema, orderOneSchema, orderRefundsSchema, orderSchema, ordersCountSchema, ordersPageSchema, refundSchema,
  type ShopifyOrder, type ShopifyRefund,
} from './schemas.js';

/** Validates one node of a page so the error names the record and the field that failed. */
export function parseNode<T>(schema: z.ZodType<T>, v: unknown, what: string): T {
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const id = (v as { id?: unknown } | null)?.id;
  throw new ConnectorError('invalid_payload', `shopify ${what} ${String(id ?? '?')}: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
}

/**
 * Orders updated in the window, oldest change first, one page per call; the cursor resumes Shopify's own. The
 * orders' refunds come with them (a refund updates its order), so no second pass reads the window again. A
 * record that does not parse is quarantined and the rest of the page goes on.
 */
export async function pullOrders(client: ShopifyClient, w: PullWindow): Promise<PullPage<NormalizedOrder>> {
  const after = decodeCursor('orders', w);
  const page = await client.request('orders', q.ORDERS_QUERY, { first: q.ORDER_PAGE_SIZE, after: after ?? null, query: updatedWithin(w) }, ordersPageSchema, q.ORDERS_COST);
  const out = await readOrders(client, page.orders.nodes);
  const { hasNextPage, endCursor } = page.orders.pageInfo;
  return { ...out, nextCursor: hasNextPage && endCursor ? encodeCursor('orders', w, endCursor) : null };
}

/** One order now (webhook fast path): the same fields and refunds as a page. */
export async function fetchOrder(client: ShopifyClient, platformOrderId: string): Promise<PullPage<NormalizedOrder>> {
  const gid = platformOrderId.startsWith('gid://') ? platformOrderId : `gid://shopify/Order/${platformOrderId}`;
  const r = await client.request('order', q.ORDER_QUERY, { id: gid }, orderOneSchema, q.ORDER_ONE_COST);
  return readOrders(client, r.order ? [r.order] : []);
}

/** Parses order nodes one by one (lines and refunds completed where a node has more than the page carried). */
export async function readOrders(client: ShopifyClient, nodes: unknown[]): Promise<Required<Pick<PullPage<NormalizedOrder>, 'items' | 'refunds' | 'quarantined'>>> {
  const sieve = new RecordSieve();
  const items: NormalizedOrder[] = [];
  const refunds: NormalizedRefund[] = [];
  for (const raw of nodes) {
    const id = rawId(raw, 'id');
    const got = await sieve.take('order', raw, { record: id ? legacyId(id) : undefined }, async () => {
      const o = parseNode(orderSchema, raw, 'order');
      const order = toNormalizedOrder(o, await allLines(client, o));
      return { order, refunds: await orderRefunds(client, o) };
    });
    if (!got) continue;
    items.push(got.order);
    refunds.push(...got.refunds);
  }
  return { items, refunds, quarantined: sieve.quarantined };
}

async function orderRefunds(client: ShopifyClient, o: ShopifyOrder): Promise<NormalizedRefund[]> {
  let raws: unknown[] = o.refunds ?? [];
  if (raws.length >= q.ORDER_REFUNDS_FIRST) {
    const all = await client.request('order-refunds', q.ORDER_REFUNDS_QUERY, { id: o.id }, orderAllRefundsSchema, q.ORDER_REFUNDS_COST);
    raws = all.order?.refunds ?? raws;
  }
  const out: NormalizedRefund[] = [];
  for (const raw of raws) {
    const r = parseNode(refundSchema, raw, 'refund');
    out.push(toNormalizedRefund(o.id, r, await allRefundLines(client, r)));
  }
  return out;
}

async function allLines(client: ShopifyClient, o: ShopifyOrder): Promise<ShopifyOrder['lineItems']['nodes']> {
  const lines = [...o.lineItems.nodes];
  let info = o.lineItems.pageInfo;
  while (info.hasNextPage) {
    const r = await client.request('order-lines', q.MORE_LINES_QUERY, { id: o.id, after: info.endCursor ?? null }, nodeLineItemsSchema, q.MORE_LINES_COST);
    if (!r.node) throw new ConnectorError('not_found', `shopify order ${o.id} vanished while its lines were read`);
    lines.push(...r.node.lineItems.nodes);
    info = r.node.lineItems.pageInfo;
  }
  return lines;
}

/**
 * Refunds of the orders updated in the window (a refund updates its order). Shopify has no refund search, so
 * every refund of those orders is returned; the hub dedupes on refund id + updated time.
 */
export async function pullRefunds(client: ShopifyClient, w: PullWindow): Promise<PullPage<NormalizedRefund>> {
  const after = decodeCursor('refunds', w);
  const page = await client.request('refunds', q.REFUNDS_QUERY, { first: q.REFUND_ORDER_PAGE_SIZE, after: after ?? null, query: updatedWithin(w) }, ordersPageSchema, q.REFUNDS_COST);
  const items: NormalizedRefund[] = [];
  for (const raw of page.orders.nodes) {
    const o = parseNode(orderRefundsSchema, raw, 'order');
    let refunds = o.refunds;
    if (refunds.length >= q.REFUNDS_FIRST) {
      const all = await client.request('order-refunds', q.ORDER_REFUNDS_QUERY, { id: o.id }, orderAllRefundsSchema, q.ORDER_REFUNDS_COST);
      refunds = all.order?.refunds ?? refunds;
    }
    for (const rawRefund of refunds) {
      const r = parseNode(refundSchema, rawRefund, 'refund');
      items.push(toNormalizedRefund(o.id, r, await allRefundLines(client, r)));
    }
  }
  const { hasNextPage, endCursor } = page.orders.pageInfo;
  return { items, nextCursor: hasNextPage && endCursor ? encodeCursor('refunds', w, endCursor) : null };
}

async function allRefundLines(client: ShopifyClient, r: ShopifyRefund): Promise<ShopifyRefund['refundLineItems']['nodes']> {
  const lines = [...r.refundLineItems.nodes];
  let info = r.refundLineItems.pageInfo;
  while (info.hasNextPage) {
    const more = await client.request('refund-lines', q.MORE_REFUND_LINES_QUERY, { id: r.id, after: info.endCursor ?? null }, nodeRefundLinesSchema, q.MORE_REFUND_LINES_COST);
    if (!more.node) throw new ConnectorError('not_found', `shopify refund ${r.id} vanished while its lines were read`);
    lines.push(...more.node.refundLineItems.nodes);
    info = more.node.refundLineItems.pageInfo;
  }
  return lines;
}

/** Orders updated in the window, uncapped (`limit: null`), for count reconciliation. */
export async function countOrders(client: ShopifyClient, w: Pick<PullWindow, 'since' | 'until'>): Promise<number> {
  const r = await client.request('orders-count', q.ORDERS_COUNT_QUERY, { query: updatedWithin(w) }, ordersCountSchema, q.ORDERS_COUNT_COST);
  return r.ordersCount.count;
}
