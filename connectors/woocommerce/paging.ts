import { z } from 'zod';
import { ConnectorError } from '../errors.js';
import type { PullWindow } from '../types.js';
import { intHeader, type WcClient, type WcOp } from './client.js';
import { parseItem, wcDate, wcListSchema } from './schemas.js';

export const PAGE_SIZE = 100;

/**
 * Position inside a pull window: every order modified at or after `t` (UTC, second precision) is still to
 * come, except the ids in `seen`, which were already returned with exactly that modification time.
 *
 * Why not `page=N`: WooCommerce pages by offset, so an order that changes between two page calls moves to the
 * end of the result and every later order slides back by one — the first order of the next page would be
 * skipped. Keyset paging on (date_modified, id) with `modified_after` + `exclude` cannot skip: an order that
 * changes before it is read moves forward and is still ahead of the cursor; one that changes after it was read
 * is simply returned again with its new time (the hub de-duplicates on id + updated time).
 */
interface KeysetCursor {
  v: 1;
  t: string;
  seen: number[];
}

const cursorSchema = z.strictObject({ v: z.literal(1), t: wcDate, seen: z.array(z.number().int().nonnegative()) });
const keySchema = z.looseObject({ id: z.number().int().nonnegative(), date_modified_gmt: wcDate });

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string): KeysetCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new ConnectorError('invalid', 'not a woocommerce cursor');
  }
}

/** WooCommerce's GMT date format: no offset, whole seconds. */
export function wcTime(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().slice(0, 19);
}

const plusSeconds = (t: string, s: number) => wcTime(new Date(Date.parse(`${t}Z`) + s * 1000));

/** The list query for orders modified in [since, until) from the cursor's position on. */
export function windowQuery(w: PullWindow, c: KeysetCursor): Record<string, string | number | undefined> {
  return {
    // `modified_after` / `modified_before` are strict (WP_Date_Query after/before): one second earlier makes `t` inclusive.
    modified_after: plusSeconds(c.t, -1),
    modified_before: wcTime(w.until),
    dates_are_gmt: 'true',
    status: 'any',
    orderby: 'modified',
    order: 'asc',
    per_page: PAGE_SIZE,
    page: 1,
    exclude: c.seen.length ? c.seen.join(',') : undefined,
  };
}

export interface RawPage {
  items: unknown[];
  nextCursor: string | null;
}

/** One keyset page of orders modified in the window; `extra` adds e.g. `_fields`. */
export async function listOrdersPage(client: WcClient, op: WcOp, w: PullWindow, extra: Record<string, string> = {}): Promise<RawPage> {
  const c: KeysetCursor = w.cursor ? decodeCursor(w.cursor) : { v: 1, t: wcTime(w.since), seen: [] };
  const res = await client.request(op, 'GET', '/wc/v3/orders', { ...windowQuery(w, c), ...extra }, undefined, wcListSchema);
  const items = res.data;
  const keys = items.map((o) => parseItem(keySchema, o, 'order'));
  const totalPages = intHeader(res.headers, 'X-WP-TotalPages') ?? (items.length < PAGE_SIZE ? 1 : 2);
  if (keys.length === 0 || totalPages <= 1) return { items, nextCursor: null };
  let t = c.t;
  for (const k of keys) if (k.date_modified_gmt.slice(0, 19) > t) t = k.date_modified_gmt.slice(0, 19);
  const seen = new Set(t === c.t ? c.seen : []);
  for (const k of keys) if (k.date_modified_gmt.slice(0, 19) === t) seen.add(k.id);
  return { items, nextCursor: encodeCursor({ v: 1, t, seen: [...seen] }) };
}

/** Orders modified in the window, from X-WP-Total of a one-item page. */
export async function countOrdersIn(client: WcClient, w: Omit<PullWindow, 'cursor'>): Promise<number> {
  const q = { ...windowQuery({ ...w }, { v: 1, t: wcTime(w.since), seen: [] }), per_page: 1 };
  const res = await client.request('orders', 'GET', '/wc/v3/orders', q, undefined, wcListSchema);
  const total = intHeader(res.headers, 'X-WP-Total');
  if (total === undefined) throw new ConnectorError('invalid_payload', 'woocommerce order list without X-WP-Total');
  return total;
}
