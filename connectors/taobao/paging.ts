import { ConnectorError } from '../errors.js';
import type { PullPage, PullWindow, QuarantinedRecord } from '../types.js';

/** Position inside a long pull: the current sub-window's start and the next page to read (counting down). */
interface Position {
  ws: number;
  page?: number;
}

export interface SubWindow {
  since: Date;
  until: Date;
}

export interface BackwardPagerOptions<T> {
  /** Longest span one list call may cover. */
  maxSpanMs: number;
  pageSize: number;
  /** How many empty sub-windows one call may skip before it returns an empty page with a cursor. */
  maxEmptyWindows?: number;
  fetch(sub: SubWindow, pageNo: number): Promise<{ items: T[]; total: number; quarantined?: QuarantinedRecord[] }>;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (typeof p.ws === 'number' && (p.page === undefined || (Number.isInteger(p.page) && p.page >= 1))) return p;
  } catch {
    /* fall through */
  }
  throw new ConnectorError('invalid', 'malformed pull cursor');
}

/**
 * Pulls a window the way TOP and Pinduoduo advise for lists sorted by modification time, newest first: split
 * into sub-windows no longer than the platform allows, probe page 1 for the total, then read from the last page
 * backwards. A record modified during the pull leaves the (past) window and only shifts the records behind it
 * towards pages not yet read, so nothing is skipped (a record may be seen twice; callers de-duplicate).
 */
export async function pullBackwards<T>(w: PullWindow, o: BackwardPagerOptions<T>): Promise<PullPage<T>> {
  let pos = w.cursor ? decodeCursor(w.cursor) : { ws: w.since.getTime() };
  const end = w.until.getTime();
  for (let skipped = 0; ; skipped++) {
    const sub = { since: new Date(pos.ws), until: new Date(Math.min(pos.ws + o.maxSpanMs, end)) };
    const next = (page: number): string | null =>
      page >= 1 ? encodeCursor({ ws: pos.ws, page }) : sub.until.getTime() >= end ? null : encodeCursor({ ws: sub.until.getTime() });
    if (pos.page !== undefined) {
      const r = await o.fetch(sub, pos.page);
      return { items: r.items, quarantined: r.quarantined ?? [], nextCursor: next(pos.page - 1) };
    }
    const first = await o.fetch(sub, 1);
    const pages = Math.ceil(first.total / o.pageSize);
    if (pages > 1) {
      const last = await o.fetch(sub, pages);
      return { items: last.items, quarantined: last.quarantined ?? [], nextCursor: next(pages - 1) };
    }
    const nextCursor = next(0);
    const bad = first.quarantined ?? [];
    if (first.items.length > 0 || bad.length > 0 || nextCursor === null || skipped + 1 >= (o.maxEmptyWindows ?? 8)) return { items: first.items, quarantined: bad, nextCursor };
    pos = { ws: sub.until.getTime() };
  }
}

/** Walks the sub-windows of a window and sums a count per sub-window. */
export async function countBySubWindows(w: { since: Date; until: Date }, maxSpanMs: number, count: (sub: SubWindow) => Promise<number>): Promise<number> {
  let total = 0;
  for (let ws = w.since.getTime(); ws < w.until.getTime(); ws += maxSpanMs) {
    total += await count({ since: new Date(ws), until: new Date(Math.min(ws + maxSpanMs, w.until.getTime())) });
  }
  return total;
}
