import type { NormalizedRefund, PullPage, PullWindow } from '../types.js';
import type { SpApiClient } from './client.js';
import { clampUntil, decodeCursor, encodeCursor, type RefundsCursor } from './cursor.js';
import { toNormalizedRefund } from './mapper.js';
import { parseRecord } from './parse.js';
import { financialEventsPageSchema, refundEventSchema } from './schemas.js';

/** Finances returns nothing when PostedAfter and PostedBefore are more than 180 days apart. */
export const FINANCES_MAX_SPAN_MS = 180 * 24 * 3600_000;
/** Events can take up to 48 hours to appear in Finances, so each pull reaches back that far (the hub de-duplicates). */
export const FINANCES_LATE_POSTING_MS = 48 * 3600_000;

/**
 * Refunds come from Finances v0 listFinancialEvents (RefundEventList) by PostedDate; cancellations arrive with the
 * orders themselves (OrderStatus Canceled). Windows longer than 180 days are walked in sub-windows, the position kept
 * in the cursor.
 */
export async function pullRefundsPage(client: SpApiClient, now: () => Date, w: PullWindow): Promise<PullPage<NormalizedRefund>> {
  const c: RefundsCursor = w.cursor
    ? decodeCursor(w.cursor, 'refunds')
    : { k: 'refunds', s: new Date(w.since.getTime() - FINANCES_LATE_POSTING_MS).toISOString(), e: clampUntil(w.until, now()).toISOString() };
  const start = new Date(c.s);
  const end = new Date(c.e);
  if (end.getTime() <= start.getTime()) return { items: [], nextCursor: null };
  const subEnd = new Date(Math.min(start.getTime() + FINANCES_MAX_SPAN_MS, end.getTime()));
  const params = c.t
    ? { NextToken: c.t }
    : { PostedAfter: start.toISOString(), PostedBefore: subEnd.toISOString(), MaxResultsPerPage: 100 };
  const page = await client.call('listFinancialEvents', { method: 'GET', path: '/finances/v0/financialEvents', params }, financialEventsPageSchema);
  const events = page.payload.FinancialEvents.RefundEventList ?? [];
  const items = events.map((e) => toNormalizedRefund(parseRecord(refundEventSchema, e, 'refund event', 'AmazonOrderId')));
  const token = page.payload.NextToken;
  let next: RefundsCursor | null = null;
  if (token) next = { ...c, t: token };
  else if (subEnd.getTime() < end.getTime()) next = { k: 'refunds', s: subEnd.toISOString(), e: c.e };
  return { items, nextCursor: next ? encodeCursor(next) : null };
}
