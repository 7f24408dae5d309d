/**
 * Supplier payables (pure). What is owed comes from receipts: accepted quantity × PO unit price, due per the
 * PO's payment terms (net N days after the receipt; on receipt = net 0). A prepaid PO owes its whole ordered
 * value from approval until it is closed, when only what was received stays payable.
 */
export const paymentTermTypes = ['prepaid', 'on_receipt', 'net'] as const;
export type PaymentTermType = (typeof paymentTermTypes)[number];
export interface PaymentTerms {
  type: PaymentTermType;
  /** Days after the receipt for `net`. */
  days: number;
}

export interface PayableInput {
  terms: PaymentTerms;
  status: string;
  approvedAt?: Date | null;
  lines: readonly { lineId: string; quantity: number; unitPriceMinor: number }[];
  receipts: readonly { id: string; receivedAt: Date; lines: readonly { lineId: string; acceptedQty: number }[] }[];
  invoicedMinor: number;
  paidMinor: number;
  now: Date;
}

export interface PayableEntry {
  source: { kind: 'purchase_receipt' | 'prepayment'; id: string };
  amountMinor: number;
  dueDate: Date;
}

export interface PayableSummary {
  orderedMinor: number;
  receivedMinor: number;
  invoicedMinor: number;
  paidMinor: number;
  /** Payable in total now (what was received, or the ordered value of an open prepaid PO) minus paid. */
  outstandingMinor: number;
  /** The part of the outstanding amount whose due date has passed. */
  dueMinor: number;
  schedule: PayableEntry[];
}

const DAY_MS = 86_400_000;

export function summarizePayables(p: PayableInput): PayableSummary {
  const price = new Map(p.lines.map((l) => [l.lineId, l.unitPriceMinor]));
  const orderedMinor = p.lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
  const perReceipt = p.receipts.map((r) => ({
    r,
    amount: r.lines.reduce((s, l) => s + l.acceptedQty * (price.get(l.lineId) ?? 0), 0),
  }));
  const receivedMinor = perReceipt.reduce((s, x) => s + x.amount, 0);
  const prepaidOpen = p.terms.type === 'prepaid' && ['approved', 'partially_received', 'received'].includes(p.status);
  const days = p.terms.type === 'net' ? p.terms.days : 0;
  const schedule: PayableEntry[] = prepaidOpen
    ? [{ source: { kind: 'prepayment', id: 'approval' }, amountMinor: orderedMinor, dueDate: p.approvedAt ?? p.now }]
    : perReceipt
        .filter((x) => x.amount > 0)
        .map((x) => ({ source: { kind: 'purchase_receipt', id: x.r.id }, amountMinor: x.amount, dueDate: new Date(x.r.receivedAt.getTime() + days * DAY_MS) }));
  const payable = schedule.reduce((s, e) => s + e.amountMinor, 0);
  const dueByNow = schedule.filter((e) => e.dueDate.getTime() <= p.now.getTime()).reduce((s, e) => s + e.amountMinor, 0);
  return {
    orderedMinor,
    receivedMinor,
    invoicedMinor: p.invoicedMinor,
    paidMinor: p.paidMinor,
    outstandingMinor: payable - p.paidMinor,
    dueMinor: Math.max(0, dueByNow - p.paidMinor),
    schedule,
  };
}

/** The most that may still be paid on a PO: its payable total (or invoiced, if the supplier invoiced more) minus paid. */
export function payableHeadroom(s: PayableSummary): number {
  const payable = s.outstandingMinor + s.paidMinor;
  return Math.max(0, Math.max(payable, s.invoicedMinor) - s.paidMinor);
}
