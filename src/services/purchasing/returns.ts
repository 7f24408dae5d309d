import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import type { PurchaseReturnDoc } from '../../db/models/purchasing-return.model.js';
import { returnable } from '../../domain/purchasing-receipt.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { type Actor, assertSameRequest, fingerprint, keyedId, withPo } from './common.js';
import { refreshPoTotals } from './po-totals.js';

export interface ReturnInput {
  idempotencyKey: string;
  lines: { lineId: string; quantity: number; reason?: string }[];
  carrier?: string;
  trackingNumber?: string;
  note?: string;
}

/**
 * Sends QC-rejected goods back to the supplier (采购退货). At most what was rejected and not yet returned, per
 * PO line. Rejected goods never entered stock, so no ledger entry; the reason defaults to the QC reasons.
 */
export function createPurchaseReturn(ctx: Ctx, sellerId: string, poId: string, input: ReturnInput, by: Actor): Promise<{ ret: PurchaseReturnDoc; po: PurchaseOrderDoc; created: boolean }> {
  return withPo(ctx, sellerId, poId, async (loaded) => {
    const id = keyedId('pret', sellerId, input.idempotencyKey);
    const fp = fingerprint({ poId, input: { ...input, idempotencyKey: undefined } });
    const existing = await ctx.models.PurchaseReturn.findOne({ _id: id, sellerId }).lean<PurchaseReturnDoc>();
    if (existing) return (assertSameRequest(existing, fp, input.idempotencyKey), { ret: existing, po: loaded, created: false });
    if (loaded.status === 'draft' || loaded.status === 'cancelled') {
      throw new AppError('PO_STATUS_CONFLICT', `purchase order ${poId} is ${loaded.status}: nothing was received to return`, { status: loaded.status });
    }
    const po = await refreshPoTotals(ctx, loaded);
    const byLine = new Map(po.lines.map((l) => [l.lineId, l]));
    const asked = new Map<string, number>();
    for (const l of input.lines) {
      if (!byLine.has(l.lineId)) throw new AppError('VALIDATION_FAILED', `purchase order ${poId} has no line ${l.lineId}`);
      asked.set(l.lineId, (asked.get(l.lineId) ?? 0) + l.quantity);
    }
    const over = [...asked].flatMap(([lineId, q]) => {
      const pl = byLine.get(lineId)!;
      const max = returnable(pl.rejectedQty, pl.returnedQty);
      return q > max ? [{ lineId, skuCode: pl.skuCode, requested: q, returnable: max }] : [];
    });
    if (over.length > 0) {
      throw new AppError('RETURN_EXCEEDS_REJECTED', `only rejected, not yet returned goods can be returned: ${over.map((o) => `${o.skuCode} (line ${o.lineId}) ${o.requested} asked, ${o.returnable} returnable`).join('; ')}`, { lines: over });
    }
    const reasons = await qcReasons(ctx, sellerId, poId);
    const now = ctx.now();
    const ret: PurchaseReturnDoc = {
      _id: id, sellerId, poId, supplierId: po.supplierId,
      lines: input.lines.map((l) => ({ lineId: l.lineId, skuCode: byLine.get(l.lineId)!.skuCode, quantity: l.quantity, reason: l.reason ?? reasons.get(l.lineId) ?? 'QC rejected' })),
      ...(input.carrier ? { carrier: input.carrier } : {}),
      ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}),
      ...(input.note ? { note: input.note } : {}),
      fingerprint: fp, createdBy: by, createdAt: now,
    };
    try {
      await ctx.models.PurchaseReturn.collection.insertOne(ret as never);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const other = (await ctx.models.PurchaseReturn.findOne({ _id: id, sellerId }).lean<PurchaseReturnDoc>())!;
      return (assertSameRequest(other, fp, input.idempotencyKey), { ret: other, po: await refreshPoTotals(ctx, po), created: false });
    }
    await ctx.models.PurchaseOrder.updateOne({ _id: poId, sellerId }, { $push: { history: { at: now, by, action: 'returned', note: id } } });
    const after = await refreshPoTotals(ctx, po);
    await appendEvents(ctx.models, [{
      _id: `${id}:created`, sellerId, type: 'purchase.returned', subject: { kind: 'purchase_return', id },
      data: { poId, supplierId: po.supplierId, lines: ret.lines },
    }], now);
    ctx.log.info({ sellerId, poId, returnId: id }, 'purchase return created');
    return { ret, po: after, created: true };
  });
}

/** The QC rejection reasons recorded on the PO's receipts, per line. */
async function qcReasons(ctx: Ctx, sellerId: string, poId: string): Promise<Map<string, string>> {
  const receipts = await ctx.models.PurchaseReceipt.find({ sellerId, poId, state: 'posted' }, { lines: 1 }).lean();
  const out = new Map<string, Set<string>>();
  for (const r of receipts) {
    for (const l of r.lines) {
      if (l.rejectedQty > 0 && l.rejectReason) out.set(l.lineId, (out.get(l.lineId) ?? new Set()).add(l.rejectReason));
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v].join('; ')]));
}
