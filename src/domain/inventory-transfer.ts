/**
 * Transfer orders (调拨) from warehouse A to B. Shipping takes the quantities out of A (they are then in
 * transit); receipts put them into B, possibly in several parts; closing records what never arrived as a
 * discrepancy. In transit = shipped − received − written off.
 */
export const transferStatuses = ['draft', 'shipping', 'shipped', 'partially_received', 'received', 'closed', 'cancelled'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

export interface TransferLine {
  skuCode: string;
  quantity: number;
  shipped: number;
  received: number;
  /** Never arrived (lost or short-shipped), recorded when the transfer is closed. */
  discrepancy: number;
}

const transitions: Record<TransferStatus, readonly TransferStatus[]> = {
  draft: ['shipping', 'cancelled'],
  /** Postings out of the source warehouse under way; back to draft if one is refused. */
  shipping: ['shipped', 'draft'],
  shipped: ['partially_received', 'received', 'closed'],
  partially_received: ['partially_received', 'received', 'closed'],
  received: [],
  closed: [],
  cancelled: [],
};

export const canTransitionTransfer = (from: TransferStatus, to: TransferStatus) => transitions[from].includes(to);

export const outstanding = (l: TransferLine) => l.shipped - l.received - l.discrepancy;

export type ReceiptCheck = { ok: true; lines: TransferLine[]; status: TransferStatus } | { ok: false; code: 'NOT_IN_DOCUMENT' | 'OVER_QUANTITY'; skuCode: string; outstanding: number };

/** Applies a receipt to the lines: every SKU must be on the transfer and within what is still in transit. */
export function applyReceipt(lines: readonly TransferLine[], receipt: readonly { skuCode: string; quantity: number }[]): ReceiptCheck {
  const next = lines.map((l) => ({ ...l }));
  for (const r of receipt) {
    const line = next.find((l) => l.skuCode === r.skuCode);
    if (!line) return { ok: false, code: 'NOT_IN_DOCUMENT', skuCode: r.skuCode, outstanding: 0 };
    if (r.quantity > outstanding(line)) return { ok: false, code: 'OVER_QUANTITY', skuCode: r.skuCode, outstanding: outstanding(line) };
    line.received += r.quantity;
  }
  const status: TransferStatus = next.every((l) => outstanding(l) === 0) ? 'received' : 'partially_received';
  return { ok: true, lines: next, status };
}

/** Closes a transfer: whatever is still in transit becomes a discrepancy. */
export function closeWithDiscrepancy(lines: readonly TransferLine[]): { lines: TransferLine[]; discrepancies: { skuCode: string; quantity: number }[] } {
  const discrepancies = lines.filter((l) => outstanding(l) > 0).map((l) => ({ skuCode: l.skuCode, quantity: outstanding(l) }));
  return { lines: lines.map((l) => ({ ...l, discrepancy: l.discrepancy + outstanding(l) })), discrepancies };
}

/** Merges duplicate SKUs of an input list (quantities add up). */
export function mergeLines<T extends { skuCode: string; quantity: number }>(lines: readonly T[]): { skuCode: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.skuCode, (m.get(l.skuCode) ?? 0) + l.quantity);
  return [...m].map(([skuCode, quantity]) => ({ skuCode, quantity }));
}
