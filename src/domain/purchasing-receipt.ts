/**
 * Receiving decisions (pure): a delivery against a PO is checked line by line. Accepted quantities fulfil the
 * line and go into stock; rejected ones are held for a purchase return and do not fulfil it (the supplier owes
 * them again unless the PO is closed short). Accepted quantity beyond ordered × (1 + tolerance) is refused.
 */
export interface PoLineState {
  lineId: string;
  skuCode: string;
  quantity: number;
  acceptedQty: number;
  rejectedQty: number;
  returnedQty: number;
}

export interface ReceiptLineInput {
  lineId: string;
  receivedQty: number;
  acceptedQty: number;
  rejectedQty: number;
  rejectReason?: string;
  lot?: string;
}

export type ReceiptProblem =
  | { code: 'UNKNOWN_LINE'; lineId: string }
  | { code: 'DUPLICATE_LINE'; lineId: string }
  | { code: 'COUNT_MISMATCH'; lineId: string; receivedQty: number; acceptedQty: number; rejectedQty: number }
  | { code: 'REASON_REQUIRED'; lineId: string }
  | { code: 'EMPTY_LINE'; lineId: string }
  | { code: 'OVER_RECEIPT'; lineId: string; skuCode: string; ordered: number; alreadyAccepted: number; accepting: number; maxAcceptable: number };

/** The most that may be accepted in total on a line, with the tolerance (a fraction, e.g. 0.05 for 5 %). */
export function maxAcceptable(ordered: number, tolerance: number): number {
  return Math.floor(ordered * (1 + tolerance) + 1e-9);
}

/**
 * Checks a delivery against the PO lines; returns every problem found (empty = acceptable). A line may appear
 * several times with different lots; the over-receipt check sums them.
 */
export function checkReceipt(lines: readonly PoLineState[], input: readonly ReceiptLineInput[], tolerance: number): ReceiptProblem[] {
  const byId = new Map(lines.map((l) => [l.lineId, l]));
  const seen = new Set<string>();
  const accepting = new Map<string, number>();
  const problems: ReceiptProblem[] = [];
  for (const r of input) {
    if (!byId.has(r.lineId)) {
      problems.push({ code: 'UNKNOWN_LINE', lineId: r.lineId });
      continue;
    }
    const lotKey = `${r.lineId}\u0000${r.lot ?? ''}`;
    if (seen.has(lotKey)) problems.push({ code: 'DUPLICATE_LINE', lineId: r.lineId });
    seen.add(lotKey);
    if (r.receivedQty !== r.acceptedQty + r.rejectedQty) {
      problems.push({ code: 'COUNT_MISMATCH', lineId: r.lineId, receivedQty: r.receivedQty, acceptedQty: r.acceptedQty, rejectedQty: r.rejectedQty });
    }
    if (r.receivedQty === 0) problems.push({ code: 'EMPTY_LINE', lineId: r.lineId });
    if (r.rejectedQty > 0 && !r.rejectReason?.trim()) problems.push({ code: 'REASON_REQUIRED', lineId: r.lineId });
    accepting.set(r.lineId, (accepting.get(r.lineId) ?? 0) + r.acceptedQty);
  }
  for (const [lineId, qty] of accepting) {
    const line = byId.get(lineId)!;
    const max = maxAcceptable(line.quantity, tolerance);
    if (line.acceptedQty + qty > max) {
      problems.push({ code: 'OVER_RECEIPT', lineId, skuCode: line.skuCode, ordered: line.quantity, alreadyAccepted: line.acceptedQty, accepting: qty, maxAcceptable: max });
    }
  }
  return problems;
}

/** Per-line totals of a PO folded from its receipts and returns (recomputed, never incremented: retries are harmless). */
export function foldLineTotals(
  lineIds: readonly string[],
  receipts: readonly { lines: readonly { lineId: string; acceptedQty: number; rejectedQty: number }[] }[],
  returns: readonly { lines: readonly { lineId: string; quantity: number }[] }[],
): Map<string, { acceptedQty: number; rejectedQty: number; returnedQty: number }> {
  const out = new Map(lineIds.map((id) => [id, { acceptedQty: 0, rejectedQty: 0, returnedQty: 0 }]));
  for (const r of receipts) {
    for (const l of r.lines) {
      const t = out.get(l.lineId);
      if (t) (t.acceptedQty += l.acceptedQty, (t.rejectedQty += l.rejectedQty));
    }
  }
  for (const r of returns) {
    for (const l of r.lines) {
      const t = out.get(l.lineId);
      if (t) t.returnedQty += l.quantity;
    }
  }
  return out;
}

/** Rejected but not yet returned, per receipt line: what a purchase return may still send back. */
export function returnable(rejected: number, alreadyReturned: number): number {
  return Math.max(0, rejected - alreadyReturned);
}
