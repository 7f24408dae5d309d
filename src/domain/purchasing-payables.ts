/**
 * Supplier payables (pure). What is owed comes from receipts: accepted quantity × PO unit price, due per the
 * PO's payment terms (net N days after the receipt; on receipt = net 0). A prepaid PO owes its whole ordered
 * value from approval until it is closed, when only what was received stays payable.
 */
import { lineAmountMinor, sumMinor } from './purchasing-money.js';

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
  invoicedMinor: bigint;
  paidMinor: bigint;
  now: Date;
}

export interface PayableEntry {
  source: { kind: 'purchase_receipt' | 'prepayment'; id: string };
  amountMinor: bigint;
  dueDate: Date;
}

/** Amounts in BigInt minor units: quantity × price and sums stay exact at any size the schemas allow. */
export interface PayableSummary {
  orderedMinor: bigint;
  receivedMinor: bigint;
  invoicedMinor: bigint;
  paidMinor: bigint;
  /** Payable in total now (what was received, or the ordered value of an open prepaid PO) minus paid. */
  outstandingMinor: bigint;
  /** The part of the outstanding amount whose due date has passed. */
  dueMinor: bigint;
  schedule: PayableEntry[];
}

const DAY_MS = 86_400_000;

export function summarizePayables(p: PayableInput): PayableSummary {
  const price = new Map(p.lines.map((l) => [l.lineId, l.unitPriceMinor]));
  const orderedMinor = sumMinor(p.lines.map((l) => lineAmountMinor(l.quantity, l.unitPriceMinor)));
  const perReceipt = p.receipts.map((r) => ({
    r,
    amount: sumMinor(r.lines.map((l) => lineAmountMinor(l.acceptedQty, price.get(l.lineId) ?? 0))),
  }));
  const receivedMinor = sumMinor(perReceipt.map((x) => x.amount));
  const prepaidOpen = p.terms.type === 'prepaid' && ['approved', 'partially_received', 'received'].includes(p.status);
  const days = p.terms.type === 'net' ? p.terms.days : 0;
  const schedule: PayableEntry[] = prepaidOpen
    ? [{ source: { kind: 'prepayment', id: 'approval' }, amountMinor: orderedMinor, dueDate: p.approvedAt ?? p.now }]
    : perReceipt
        .filter((x) => x.amount > 0n)
        .map((x) => ({ source: { kind: 'purchase_receipt', id: x.r.id }, amountMinor: x.amount, dueDate: new Date(x.r.receivedAt.getTime() + days * DAY_MS) }));
  const payable = sumMinor(schedule.map((e) => e.amountMinor));
  const dueByNow = sumMinor(schedule.filter((e) => e.dueDate.getTime() <= p.now.getTime()).map((e) => e.amountMinor));
  return {
    orderedMinor,
    receivedMinor,
    invoicedMinor: p.invoicedMinor,
    paidMinor: p.paidMinor,
    outstandingMinor: payable - p.paidMinor,
    dueMinor: max(0n, dueByNow - p.paidMinor),
    schedule,
  };
}

/** The most that may still be paid on a PO: its payable total (or invoiced, if the supplier invoiced more) minus paid. */
export function payableHeadroom(s: PayableSummary): bigint {
  const payable = s.outstandingMinor + s.paidMinor;
  return max(0n, max(payable, s.invoicedMinor) - s.paidMinor);
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
