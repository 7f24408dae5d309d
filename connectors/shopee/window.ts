import { ConnectorError } from '../errors.js';
import type { PullWindow } from '../types.js';

/** Longest span get_order_list / get_return_list accept ("diff in 15days"). */
export const MAX_SPAN_SECONDS = 15 * 24 * 3600;

/** Where a pull stands inside the caller's window: slice start `f`, slice length `s` (Unix s), page token `p`. */
export interface WalkCursor {
  f: number;
  s: number;
  p?: string;
}

export interface SliceAnswer<T> {
  rows: T[];
  more: boolean;
  /** The platform's token for the next page of the same slice. */
  next?: string;
}

export function encodeCursor(c: WalkCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string): WalkCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<WalkCursor>;
    if (Number.isInteger(c.f) && Number.isInteger(c.s) && (c.s ?? 0) > 0 && (c.p === undefined || typeof c.p === 'string')) return c as WalkCursor;
  } catch {
    /* falls through */
  }
  throw new ConnectorError('invalid', 'not a shopee pull cursor');
}

/**
 * One step of a pull over [since, until], walking time slices of at most 15 days.
 *
 * Shopee's list cursors are offsets, so an order that changes between two pages shifts the ones behind it and
 * one can be skipped. To avoid that, a slice is only consumed when one list page holds it whole (`more` false):
 * a slice that overflows is halved until it fits; the next slice is as long, or twice as long when this one was
 * under half a page. Only a single second
 * holding more than a page of changes falls back to the platform's own page token.
 * Slice bounds are inclusive on both ends (adjacent slices share a second), so nothing falls between them.
 */
export async function walkWindow<T>(
  w: PullWindow,
  pageSize: number,
  fetchSlice: (from: number, to: number, page: string | undefined) => Promise<SliceAnswer<T>>,
): Promise<{ rows: T[]; next: string | null }> {
  const start = Math.floor(w.since.getTime() / 1000);
  const end = Math.ceil(w.until.getTime() / 1000);
  let c: WalkCursor = w.cursor ? decodeCursor(w.cursor) : { f: start, s: MAX_SPAN_SECONDS };
  if (c.f >= end) return { rows: [], next: null };
  for (;;) {
    const to = Math.min(c.f + Math.min(c.s, MAX_SPAN_SECONDS), end);
    const ans = await fetchSlice(c.f, to, c.p);
    if (ans.more && c.p === undefined && to - c.f > 1) {
      c = { f: c.f, s: Math.max(1, Math.floor((to - c.f) / 2)) };
      continue;
    }
    if (ans.more) {
      if (!ans.next) throw new ConnectorError('invalid_payload', 'shopee said there is more but gave no next page');
      return { rows: ans.rows, next: encodeCursor({ f: c.f, s: to - c.f, p: ans.next }) };
    }
    if (to >= end) return { rows: ans.rows, next: null };
    // Grow the next slice only when this one was less than half a page, so busy periods do not oscillate.
    const span = Math.max(1, to - c.f);
    return { rows: ans.rows, next: encodeCursor({ f: to, s: Math.min(MAX_SPAN_SECONDS, ans.rows.length * 2 < pageSize ? span * 2 : span) }) };
  }
}
