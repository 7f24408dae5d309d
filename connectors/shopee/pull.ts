import { ConnectorError } from '../errors.js';
import { rawId, RecordSieve } from '../records.js';
import type { NormalizedOrder, NormalizedRefund, PullPage, PullWindow } from '../types.js';
import type { ShopeeClient } from './client.js';
import { toNormalizedOrder, toNormalizedRefund } from './mapper.js';
import { orderDetailSchema, orderListSchema, returnListSchema, shopeeOrderSchema, shopeeReturnSchema } from './schemas.js';
import { MAX_SPAN_SECONDS, walkWindow } from './window.js';

const LIST_PAGE_SIZE = 100;
/** get_order_detail takes at most 50 order_sn per call. */
export const DETAIL_BATCH = 50;
const DETAIL_FIELDS = 'buyer_user_id,buyer_username,recipient_address,item_list,pay_time,estimated_shipping_fee,total_amount,cancel_reason,note,message_to_seller';

interface SafeSchema<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

function parseRow<T>(schema: SafeSchema<T>, v: unknown, what: string, idField: string): T {
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const id = (v as Record<string, unknown> | null)?.[idField];
  throw new ConnectorError('invalid_payload', `shopee ${what} ${String(id ?? '?')}: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
}

const listOrders = (client: ShopeeClient, from: number, to: number, cursor: string | undefined) =>
  client.get('/api/v2/order/get_order_list', {
    time_range_field: 'update_time', time_from: from, time_to: to, page_size: LIST_PAGE_SIZE, cursor: cursor ?? '', response_optional_fields: 'order_status',
  }, orderListSchema);

/** Full orders for the given order_sn, in batches of 50; an order that does not parse is quarantined, the rest goes on. */
export async function fetchOrderDetails(client: ShopeeClient, orderSns: string[], sieve = new RecordSieve()): Promise<NormalizedOrder[]> {
  const out: NormalizedOrder[] = [];
  for (let i = 0; i < orderSns.length; i += DETAIL_BATCH) {
    const batch = orderSns.slice(i, i + DETAIL_BATCH);
    const r = await client.get('/api/v2/order/get_order_detail', { order_sn_list: batch.join(','), response_optional_fields: DETAIL_FIELDS }, orderDetailSchema);
    out.push(...(await parseOrders(r.order_list, sieve)));
  }
  return out;
}

export async function parseOrders(raws: unknown[], sieve: RecordSieve): Promise<NormalizedOrder[]> {
  const out: NormalizedOrder[] = [];
  for (const raw of raws) {
    const got = await sieve.take('order', raw, { record: rawId(raw, 'order_sn') }, () => {
      const o = parseRow(shopeeOrderSchema, raw, 'order', 'order_sn');
      try {
        return toNormalizedOrder(o);
      } catch (e) {
        throw new ConnectorError('invalid_payload', `shopee order ${o.order_sn}: order_status ${(e as Error).message}`);
      }
    });
    if (got) out.push(got);
  }
  return out;
}

/** One order now (webhook fast path). */
export async function fetchOrder(client: ShopeeClient, orderSn: string): Promise<PullPage<NormalizedOrder>> {
  const sieve = new RecordSieve();
  const items = await fetchOrderDetails(client, [orderSn], sieve);
  return { items, quarantined: sieve.quarantined };
}

export async function pullOrderPage(client: ShopeeClient, w: PullWindow): Promise<PullPage<NormalizedOrder>> {
  const { rows, next } = await walkWindow(w, LIST_PAGE_SIZE, async (from, to, page) => {
    const r = await listOrders(client, from, to, page);
    return { rows: r.order_list.map((o) => o.order_sn), more: r.more, next: r.next_cursor || undefined };
  });
  const sieve = new RecordSieve();
  const items = await fetchOrderDetails(client, [...new Set(rows)], sieve);
  return { items, quarantined: sieve.quarantined, nextCursor: next };
}

export async function pullReturnPage(client: ShopeeClient, w: PullWindow): Promise<PullPage<NormalizedRefund>> {
  const { rows, next } = await walkWindow(w, LIST_PAGE_SIZE, async (from, to, page) => {
    const pageNo = page === undefined ? 0 : Number(page);
    const r = await client.get('/api/v2/returns/get_return_list', {
      page_no: pageNo, page_size: LIST_PAGE_SIZE, update_time_from: from, update_time_to: to,
    }, returnListSchema);
    return { rows: r.return, more: r.more, next: String(pageNo + 1) };
  });
  const sieve = new RecordSieve();
  const items: NormalizedRefund[] = [];
  for (const raw of rows) {
    const got = await sieve.take('refund', raw, { record: rawId(raw, 'return_sn'), order: rawId(raw, 'order_sn') }, () => toNormalizedRefund(parseRow(shopeeReturnSchema, raw, 'return', 'return_sn')));
    if (got) items.push(got);
  }
  return { items, quarantined: sieve.quarantined, nextCursor: next };
}

/** Shopee has no count API: list (order_sn only, 100 a page) every ≤15-day span of the window and count distinct orders. */
export async function countOrdersIn(client: ShopeeClient, since: Date, until: Date): Promise<number> {
  const seen = new Set<string>();
  const end = Math.ceil(until.getTime() / 1000);
  for (let from = Math.floor(since.getTime() / 1000); from < end; from += MAX_SPAN_SECONDS) {
    const to = Math.min(from + MAX_SPAN_SECONDS, end);
    let cursor: string | undefined;
    do {
      const r = await listOrders(client, from, to, cursor);
      for (const o of r.order_list) seen.add(o.order_sn);
      cursor = r.more ? r.next_cursor : undefined;
    } while (cursor);
  }
  return seen.size;
}
