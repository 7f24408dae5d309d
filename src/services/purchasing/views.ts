import type { SupplierBillDoc } from '../../db/models/purchasing-bill.model.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import type { PurchaseReceiptDoc } from '../../db/models/purchasing-receipt.model.js';
import type { PurchaseReturnDoc } from '../../db/models/purchasing-return.model.js';
import type { SupplierPriceDoc } from '../../db/models/purchasing-supplier-price.model.js';
import type { SupplierDoc } from '../../db/models/purchasing-supplier.model.js';
import { fromMinor, lineAmountMinor } from '../../domain/purchasing-money.js';
import type { PayableSummary } from '../../domain/purchasing-payables.js';
import type { SupplierScore } from '../../domain/purchasing-score.js';

/** API shapes: money as decimal strings, calendar dates as YYYY-MM-DD. */
const day = (d: Date | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : null);
const money = (m: number | null | undefined) => (m == null ? null : fromMinor(m));

export function supplierView(s: SupplierDoc, score?: SupplierScore) {
  return {
    id: s._id, code: s.code, name: s.name, contact: s.contact ?? {}, currency: s.currency, paymentTerms: s.paymentTerms,
    leadTimeDays: s.leadTimeDays, overReceiptTolerance: s.overReceiptTolerance, active: s.active, notes: s.notes ?? null,
    ...(score ? { score } : {}),
    createdBy: s.createdBy, updatedBy: s.updatedBy, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

export const priceView = (p: SupplierPriceDoc) => ({
  skuCode: p.skuCode, unitPrice: fromMinor(p.unitPriceMinor), currency: p.currency, minOrderQty: p.minOrderQty,
  supplierSku: p.supplierSku ?? null, updatedBy: p.updatedBy, updatedAt: p.updatedAt,
});

export function payablesView(s: PayableSummary) {
  return {
    ordered: fromMinor(s.orderedMinor), received: fromMinor(s.receivedMinor), invoiced: fromMinor(s.invoicedMinor),
    paid: fromMinor(s.paidMinor), outstanding: fromMinor(s.outstandingMinor), due: fromMinor(s.dueMinor),
    schedule: s.schedule.map((e) => ({ source: e.source, amount: fromMinor(e.amountMinor), dueDate: day(e.dueDate) })),
  };
}

export function poView(po: PurchaseOrderDoc, payables?: PayableSummary) {
  return {
    id: po._id, supplierId: po.supplierId, status: po.status, currency: po.currency, paymentTerms: po.paymentTerms,
    overReceiptTolerance: po.overReceiptTolerance, source: po.source, reference: po.reference ?? null, notes: po.notes ?? null,
    lines: po.lines.map((l) => ({
      lineId: l.lineId, skuCode: l.skuCode, spec: l.spec ?? null, quantity: l.quantity, unitPrice: fromMinor(l.unitPriceMinor),
      quotedPrice: money(l.quotedPriceMinor), amount: fromMinor(lineAmountMinor(l.quantity, l.unitPriceMinor)), expectedDate: day(l.expectedDate),
      warehouseId: l.warehouseId, acceptedQty: l.acceptedQty, rejectedQty: l.rejectedQty, returnedQty: l.returnedQty,
      openQty: Math.max(0, l.quantity - l.acceptedQty),
    })),
    ...(payables ? { amounts: payablesView(payables) } : {}),
    history: po.history, createdBy: po.createdBy, approvedBy: po.approvedBy ?? null, approvedAt: po.approvedAt ?? null,
    closedAt: po.closedAt ?? null, cancelledAt: po.cancelledAt ?? null, createdAt: po.createdAt, updatedAt: po.updatedAt,
  };
}

export const receiptView = (r: PurchaseReceiptDoc) => ({
  id: r._id, poId: r.poId, supplierId: r.supplierId, state: r.state, deliveryNote: r.deliveryNote ?? null,
  lines: r.lines.map((l) => ({
    lineId: l.lineId, skuCode: l.skuCode, warehouseId: l.warehouseId, receivedQty: l.receivedQty, acceptedQty: l.acceptedQty,
    rejectedQty: l.rejectedQty, rejectReason: l.rejectReason ?? null, lot: l.lot ?? null, expiresAt: l.expiresAt ?? null,
    unitPrice: fromMinor(l.unitPriceMinor), movementId: l.movementId ?? null,
  })),
  receivedAt: r.receivedAt, receivedBy: r.receivedBy, createdAt: r.createdAt,
});

export const returnView = (r: PurchaseReturnDoc) => ({
  id: r._id, poId: r.poId, supplierId: r.supplierId, lines: r.lines, carrier: r.carrier ?? null, trackingNumber: r.trackingNumber ?? null,
  note: r.note ?? null, createdBy: r.createdBy, createdAt: r.createdAt,
});

export const billView = (b: SupplierBillDoc) => ({
  id: b._id, poId: b.poId, supplierId: b.supplierId, kind: b.kind, number: b.number ?? null, amount: fromMinor(b.amountMinor),
  currency: b.currency, date: b.date, method: b.method ?? null, note: b.note ?? null, createdBy: b.createdBy, createdAt: b.createdAt,
});
