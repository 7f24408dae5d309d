/**
 * After-sales tickets (售后): a return, an exchange or a resend, linked to an order and some of its lines.
 * Returns and exchanges wait for the parcel; its inspection splits every expected unit into sellable
 * (back to stock), damaged (defective stock) and missing (flagged). Exchanges and resends get a replacement
 * order that goes through the normal pipeline.
 */
export const ticketTypes = ['return', 'exchange', 'resend'] as const;
export type TicketType = (typeof ticketTypes)[number];
export const ticketStatuses = ['awaiting_return', 'open', 'received', 'completed', 'cancelled'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export interface TicketLine {
  lineId: string;
  skuCode: string;
  quantity: number;
  sellable: number;
  damaged: number;
  missing: number;
}

export interface OrderLineLike {
  lineId: string;
  skuCode?: string;
  quantity: number;
}

export type LineCheck = { ok: true; lines: TicketLine[] } | { ok: false; message: string };

/** Ticket lines from the order: every line must exist, map to a SKU and not exceed what was ordered. */
export function ticketLines(orderLines: readonly OrderLineLike[], wanted: readonly { lineId: string; quantity: number }[]): LineCheck {
  const byId = new Map(orderLines.map((l) => [l.lineId, l]));
  const merged = new Map<string, number>();
  for (const w of wanted) merged.set(w.lineId, (merged.get(w.lineId) ?? 0) + w.quantity);
  const lines: TicketLine[] = [];
  for (const [lineId, quantity] of merged) {
    const l = byId.get(lineId);
    if (!l) return { ok: false, message: `line ${lineId} is not on the order` };
    if (!l.skuCode) return { ok: false, message: `line ${lineId} does not map to a SKU` };
    if (quantity > l.quantity) return { ok: false, message: `line ${lineId}: ${quantity} is more than the ${l.quantity} ordered` };
    lines.push({ lineId, skuCode: l.skuCode, quantity, sellable: 0, damaged: 0, missing: 0 });
  }
  return { ok: true, lines };
}

export const initialStatus = (type: TicketType): TicketStatus => (type === 'resend' ? 'open' : 'awaiting_return');

export type InspectionCheck = { ok: true; lines: TicketLine[]; missing: number } | { ok: false; message: string };

/**
 * Applies an inspection: for every ticket line, sellable + damaged + missing must account for exactly the
 * expected quantity: units not reported as sellable or damaged are missing.
 */
export function applyInspection(
  lines: readonly TicketLine[],
  result: readonly { lineId: string; sellable: number; damaged: number }[],
): InspectionCheck {
  const byLine = new Map(result.map((r) => [r.lineId, r]));
  for (const r of result) if (!lines.some((l) => l.lineId === r.lineId)) return { ok: false, message: `line ${r.lineId} is not on the ticket` };
  const next: TicketLine[] = [];
  let missing = 0;
  for (const l of lines) {
    const r = byLine.get(l.lineId) ?? { sellable: 0, damaged: 0 };
    if (r.sellable + r.damaged > l.quantity) return { ok: false, message: `line ${l.lineId}: ${r.sellable + r.damaged} inspected but ${l.quantity} expected` };
    const m = l.quantity - r.sellable - r.damaged;
    missing += m;
    next.push({ ...l, sellable: r.sellable, damaged: r.damaged, missing: m });
  }
  return { ok: true, lines: next, missing };
}

/** Where a ticket goes next once something happened to it. */
export function nextStatus(type: TicketType, t: { received: boolean; replacement: boolean }): TicketStatus {
  if (type === 'return') return t.received ? 'completed' : 'awaiting_return';
  if (type === 'resend') return t.replacement ? 'completed' : 'open';
  if (t.received && t.replacement) return 'completed';
  return t.received ? 'received' : 'awaiting_return';
}

/** Defective stock is kept at its own location of the warehouse: a separate ledger level that is never sold or pushed. */
export const defectiveSku = (skuCode: string) => `${skuCode}@DEFECTIVE`;
