import type { Ctx } from '../../context.js';
import type { SupplierBillDoc } from '../../db/models/purchasing-bill.model.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { sumMinor } from '../../domain/purchasing-money.js';
import { summarizePayables, type PayableSummary } from '../../domain/purchasing-payables.js';

/** Received, invoiced, paid and due of one PO, from its receipts and bills. */
export async function poPayables(ctx: Ctx, po: PurchaseOrderDoc): Promise<PayableSummary> {
  const [receipts, bills] = await Promise.all([
    ctx.models.PurchaseReceipt.find({ sellerId: po.sellerId, poId: po._id, state: 'posted' }, { receivedAt: 1, lines: 1 }).lean(),
    ctx.models.SupplierBill.find({ sellerId: po.sellerId, poId: po._id }, { kind: 1, amountMinor: 1 }).lean<SupplierBillDoc[]>(),
  ]);
  const sum = (kind: SupplierBillDoc['kind']) => sumMinor(bills.filter((b) => b.kind === kind).map((b) => BigInt(b.amountMinor)));
  return summarizePayables({
    terms: po.paymentTerms,
    status: po.status,
    approvedAt: po.approvedAt ?? null,
    lines: po.lines,
    receipts: receipts.map((r) => ({ id: r._id, receivedAt: r.receivedAt, lines: r.lines })),
    invoicedMinor: sum('invoice'),
    paidMinor: sum('payment'),
    now: ctx.now(),
  });
}

export interface SupplierPayables {
  currency: string;
  orders: { po: PurchaseOrderDoc; summary: PayableSummary }[];
  totals: Omit<PayableSummary, 'schedule'>;
}

/** Every non-draft, non-cancelled PO of a supplier with its payables, and the totals (one currency per supplier). */
export async function supplierPayables(ctx: Ctx, sellerId: string, supplierId: string, currency: string): Promise<SupplierPayables> {
  const pos = await ctx.models.PurchaseOrder.find({ sellerId, supplierId, status: { $nin: ['draft', 'cancelled'] } }).sort({ updatedAt: 1, _id: 1 }).lean<PurchaseOrderDoc[]>();
  const orders = [];
  for (const po of pos) orders.push({ po, summary: await poPayables(ctx, po) });
  const totals = { orderedMinor: 0n, receivedMinor: 0n, invoicedMinor: 0n, paidMinor: 0n, outstandingMinor: 0n, dueMinor: 0n };
  for (const { summary: s } of orders) {
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += s[k];
  }
  return { currency, orders, totals };
}
