import { ConnectorError } from '../errors.js';
import type { PullWindow } from '../types.js';

/**
 * The opaque cursor handed back to the caller: Shopify's own `endCursor` plus the window it belongs to, so a
 * cursor from another window is refused instead of silently resuming the wrong query. Shopify's order search
 * has no maximum span, so one window is one query.
 */
interface CursorState {
  v: 1;
  kind: 'orders' | 'refunds';
  since: string;
  until: string;
  after: string;
}

export function encodeCursor(kind: CursorState['kind'], w: PullWindow, after: string): string {
  const state: CursorState = { v: 1, kind, since: w.since.toISOString(), until: w.until.toISOString(), after };
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(kind: CursorState['kind'], w: PullWindow): string | undefined {
  if (!w.cursor) return undefined;
  let state: Partial<CursorState>;
  try {
    state = JSON.parse(Buffer.from(w.cursor, 'base64url').toString('utf8')) as Partial<CursorState>;
  } catch {
    throw new ConnectorError('invalid', 'shopify cursor is not one this connector issued');
  }
  if (state.v !== 1 || state.kind !== kind || typeof state.after !== 'string') {
    throw new ConnectorError('invalid', `shopify cursor is not a ${kind} cursor of this connector`);
  }
  if (state.since !== w.since.toISOString() || state.until !== w.until.toISOString()) {
    throw new ConnectorError('invalid', 'shopify cursor belongs to another window');
  }
  return state.after;
}

/** Shopify search syntax for orders updated inside the window (both ends inclusive; the hub dedupes overlaps). */
export function updatedWithin(w: Pick<PullWindow, 'since' | 'until'>): string {
  return `updated_at:>='${w.since.toISOString()}' AND updated_at:<='${w.until.toISOString()}'`;
}
