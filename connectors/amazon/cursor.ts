import { z } from 'zod';
import { ConnectorError } from '../errors.js';

/**
 * The opaque cursor handed back to the hub: which pull it belongs to, the sub-window being walked (refunds are
 * split at Finances' 180-day span) and Amazon's NextToken inside it. base64url JSON, validated on the way back in.
 */
const ordersCursor = z.object({ k: z.literal('orders'), t: z.string().min(1) });
const refundsCursor = z.object({ k: z.literal('refunds'), s: z.iso.datetime(), e: z.iso.datetime(), t: z.string().min(1).optional() });
const cursorSchema = z.discriminatedUnion('k', [ordersCursor, refundsCursor]);

export type OrdersCursor = z.infer<typeof ordersCursor>;
export type RefundsCursor = z.infer<typeof refundsCursor>;
type AnyCursor = z.infer<typeof cursorSchema>;

export const encodeCursor = (c: AnyCursor): string => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

export function decodeCursor<K extends AnyCursor['k']>(raw: string, kind: K): Extract<AnyCursor, { k: K }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new ConnectorError('invalid', 'amazon cursor is not one this connector issued');
  }
  const c = cursorSchema.safeParse(parsed);
  if (!c.success || c.data.k !== kind) throw new ConnectorError('invalid', `amazon cursor is not a ${kind} cursor`);
  return c.data as Extract<AnyCursor, { k: K }>;
}

/** SP-API refuses a *Before bound later than two minutes before the request; keep a little margin. */
export const LATEST_BOUND_LAG_MS = 2 * 60_000 + 5_000;

export function clampUntil(until: Date, now: Date): Date {
  const latest = now.getTime() - LATEST_BOUND_LAG_MS;
  return new Date(Math.min(until.getTime(), latest));
}
