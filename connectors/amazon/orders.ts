import { ConnectorError } from '../errors.js';
import { rawId, RecordSieve } from '../records.js';
import type { NormalizedOrder, PullPage, PullWindow } from '../types.js';
import type { SpApiClient } from './client.js';
import { clampUntil, decodeCursor, encodeCursor } from './cursor.js';
import { currencyOf, toNormalizedOrder } from './mapper.js';
import { parseRecord } from './parse.js';
import { amazonOrderItemSchema, amazonOrderSchema, orderItemsPageSchema, ordersPageSchema, type AmazonOrderItemPayload } from './schemas.js';

/**
 * 30 orders per page: each order costs one getOrderItems call (0.5/s, burst 30) and each page one getOrders call
 * (1/min sustained), so both buckets drain at the same pace and neither starves the other.
 */
export const ORDERS_PAGE_SIZE = 30;

export interface OrdersPullContext {
  client: SpApiClient;
  marketplaceId: string;
  now: () => Date;
  /** Restricted Data Token supplier when the app has the PII role (name, street, phone). */
  restrictedToken?: () => Promise<string>;
}

/**
 * One page of getOrders by LastUpdatedAfter/Before (merchant-fulfilled only: Amazon ships FBA orders itself), each
 * order completed with its items. The NextToken is carried in the cursor; the window's end is clamped to two minutes
 * before now as the API demands.
 */
export async function pullOrdersPage(ctx: OrdersPullContext, w: PullWindow): Promise<PullPage<NormalizedOrder>> {
  let params: Record<string, string | number>;
  if (w.cursor) {
    params = { MarketplaceIds: ctx.marketplaceId, NextToken: decodeCursor(w.cursor, 'orders').t };
  } else {
    const before = clampUntil(w.until, ctx.now());
    if (before.getTime() <= w.since.getTime()) return { items: [], nextCursor: null };
    params = {
      MarketplaceIds: ctx.marketplaceId, LastUpdatedAfter: w.since.toISOString(), LastUpdatedBefore: before.toISOString(),
      FulfillmentChannels: 'MFN', MaxResultsPerPage: ORDERS_PAGE_SIZE,
    };
  }
  const page = await ctx.client.call('getOrders', { method: 'GET', path: '/orders/v0/orders', params, token: ctx.restrictedToken }, ordersPageSchema);
  // One order that does not parse (or whose items do not) is quarantined; the rest of the page goes on.
  const sieve = new RecordSieve();
  const items: NormalizedOrder[] = [];
  for (const raw of page.payload.Orders) {
    const got = await sieve.take('order', raw, { record: rawId(raw, 'AmazonOrderId') }, async () => {
      const o = parseRecord(amazonOrderSchema, raw, 'order', 'AmazonOrderId');
      const lines = await fetchOrderItems(ctx.client, o.AmazonOrderId);
      const currency = currencyOf(o, lines);
      if (!currency) throw new ConnectorError('invalid_payload', `amazon order ${o.AmazonOrderId}: OrderTotal.CurrencyCode missing and marketplace unknown`);
      return toNormalizedOrder(o, lines, currency);
    });
    if (got) items.push(got);
  }
  const next = page.payload.NextToken;
  return { items, quarantined: sieve.quarantined, nextCursor: next ? encodeCursor({ k: 'orders', t: next }) : null };
}

export async function fetchOrderItems(client: SpApiClient, orderId: string): Promise<AmazonOrderItemPayload[]> {
  const out: AmazonOrderItemPayload[] = [];
  let token: string | undefined;
  do {
    const page = await client.call('getOrderItems', {
      method: 'GET', path: `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`, params: token ? { NextToken: token } : undefined,
    }, orderItemsPageSchema);
    for (const i of page.payload.OrderItems) out.push(parseRecord(amazonOrderItemSchema, i, `order ${orderId} item`, 'OrderItemId'));
    token = page.payload.NextToken;
  } while (token);
  return out;
}
