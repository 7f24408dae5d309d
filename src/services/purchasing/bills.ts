import type { Ctx } from '../../context.js';
import type { SupplierBillDoc } from '../../db/models/purchasing-bill.model.js';
import { fromMinor } from '../../domain/purchasing-money.js';
import { payableHeadroom, type PayableSummary } from '../../domain/purchasing-payables.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { type Actor, assertSameRequest, fingerprint, keyedId, withPo } from './common.js';
import { poPayables } from './payables.js';

export interface BillInput {
  kind: 'invoice' | 'payment';
  amountMinor: number;
  currency: string;
  date?: Date;
  /** Invoice number (required for invoices), or the payment's bank reference. */
  number?: string;
  method?: string;
  note?: string;
  /** Required for payments; an invoice is identified by its supplier and number. */
  idempotencyKey?: string;
}

/**
 * Records a supplier invoice or a (partial) payment against a PO, under the PO lock. A payment may not exceed
 * what is payable (received, or the ordered value of an open prepaid PO, or invoiced if more) minus what was paid.
 */
export function recordBill(ctx: Ctx, sellerId: string, poId: string, input: BillInput, by: Actor): Promise<{ bill: SupplierBillDoc; payables: PayableSummary; created: boolean }> {
  return withPo(ctx, sellerId, poId, async (po) => {
    const key = input.kind === 'invoice' ? `invoice:${po.supplierId}:${input.number ?? ''}` : input.idempotencyKey;
    if (!key || (input.kind === 'invoice' && !input.number)) {
      throw new AppError('VALIDATION_FAILED', input.kind === 'invoice' ? 'an invoice needs its number' : 'a payment needs an idempotencyKey');
    }
    const id = keyedId(input.kind === 'invoice' ? 'inv' : 'pay', sellerId, key);
    const fp = fingerprint({ poId, kind: input.kind, amountMinor: input.amountMinor, currency: input.currency, number: input.number ?? null });
    const existing = await ctx.models.SupplierBill.findOne({ _id: id, sellerId }).lean<SupplierBillDoc>();
    if (existing) {
      if (existing.fingerprint !== fp && input.kind === 'invoice') throw new AppError('DUPLICATE', `invoice ${input.number} of this supplier is already recorded`);
      assertSameRequest(existing, fp, key);
      return { bill: existing, payables: await poPayables(ctx, po), created: false };
    }
    if (po.status === 'draft' || po.status === 'cancelled') {
      throw new AppError('PO_STATUS_CONFLICT', `purchase order ${poId} is ${po.status}: nothing is payable`, { status: po.status });
    }
    if (input.currency !== po.currency) {
      throw new AppError('CURRENCY_MISMATCH', `purchase order ${poId} is in ${po.currency}, not ${input.currency}`);
    }
    const before = await poPayables(ctx, po);
    if (input.kind === 'payment' && BigInt(input.amountMinor) > payableHeadroom(before)) {
      throw new AppError('PAYMENT_EXCEEDS_PAYABLE', `payment of ${fromMinor(input.amountMinor)} ${po.currency} exceeds the ${fromMinor(payableHeadroom(before))} still payable on ${poId}`, {
        payable: fromMinor(payableHeadroom(before)),
      });
    }
    const now = ctx.now();
    const bill: SupplierBillDoc = {
      _id: id, sellerId, supplierId: po.supplierId, poId, kind: input.kind, amountMinor: input.amountMinor, currency: input.currency,
      date: input.date ?? now,
      ...(input.number ? { number: input.number } : {}),
      ...(input.method ? { method: input.method } : {}),
      ...(input.note ? { note: input.note } : {}),
      fingerprint: fp, createdBy: by, createdAt: now,
    };
    try {
      await ctx.models.SupplierBill.collection.insertOne(bill as never);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const other = (await ctx.models.SupplierBill.findOne({ _id: id, sellerId }).lean<SupplierBillDoc>())!;
      assertSameRequest(other, fp, key);
      return { bill: other, payables: await poPayables(ctx, po), created: false };
    }
    await ctx.models.PurchaseOrder.updateOne({ _id: poId, sellerId }, { $push: { history: { at: now, by, action: input.kind === 'invoice' ? 'invoiced' : 'paid', note: id } } });
    await appendEvents(ctx.models, [{
      _id: `${id}:recorded`, sellerId, type: input.kind === 'invoice' ? 'supplier.invoice_recorded' : 'supplier.payment_recorded',
      subject: { kind: 'purchase_order', id: poId }, data: { billId: id, supplierId: po.supplierId, amount: fromMinor(input.amountMinor), currency: input.currency },
    }], now);
    ctx.log.info({ sellerId, poId, billId: id, kind: input.kind }, 'supplier bill recorded');
    return { bill, payables: await poPayables(ctx, po), created: true };
  });
}
