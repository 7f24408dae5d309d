import { recordLotEntry } from '../inventory/lots.js';
import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import type { PurchaseReceiptDoc, ReceiptLine } from '../../db/models/purchasing-receipt.model.js';
import type { StockMovementDoc } from '../../db/models/stock-movement.model.js';
import { checkReceipt, type ReceiptLineInput } from '../../domain/purchasing-receipt.js';
import { canDo } from '../../domain/purchasing-status.js';
import { movementDeltas } from '../../domain/stock.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { type Actor, assertSameRequest, fingerprint, keyedId, withPo } from './common.js';
import { refreshPoTotals } from './po-totals.js';

export interface ReceiveInput {
  idempotencyKey: string;
  receivedAt?: Date;
  deliveryNote?: string;
  lines: (ReceiptLineInput & { expiresAt?: string })[];
}

/**
 * Receives one delivery against a PO (采购入库): checks every line (QC counts add up, rejections have a reason,
 * accepted quantity within the over-receipt tolerance) before writing anything, records the receipt, then
 * puts the accepted quantities into stock through the ledger, one entry per receipt line referencing the
 * receipt (and its lot). A retry with the same key finishes a half-posted receipt or answers the posted one.
 */
export function receivePurchaseOrder(ctx: Ctx, sellerId: string, poId: string, input: ReceiveInput, by: Actor): Promise<{ receipt: PurchaseReceiptDoc; po: PurchaseOrderDoc; created: boolean }> {
  return withPo(ctx, sellerId, poId, async (loaded) => {
    const id = keyedId('prc', sellerId, input.idempotencyKey);
    const fp = fingerprint({ poId, lines: input.lines, receivedAt: input.receivedAt ?? null, deliveryNote: input.deliveryNote ?? null });
    const existing = await ctx.models.PurchaseReceipt.findOne({ _id: id, sellerId }).lean<PurchaseReceiptDoc>();
    if (existing) {
      assertSameRequest(existing, fp, input.idempotencyKey);
      const receipt = existing.state === 'posting' ? await postReceipt(ctx, existing) : existing;
      return { receipt, po: await refreshPoTotals(ctx, loaded), created: false };
    }
    const po = await finishPending(ctx, loaded);
    if (!canDo(po.status, 'receive')) {
      throw new AppError('PO_STATUS_CONFLICT', `purchase order ${poId} is ${po.status}: it cannot receive goods`, { status: po.status });
    }
    const now = ctx.now();
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime()) throw new AppError('VALIDATION_FAILED', 'receivedAt is in the future');
    const badLot = input.lines.find((l) => l.expiresAt && !l.lot);
    if (badLot) throw new AppError('INVALID_RECEIPT', `line ${badLot.lineId}: an expiry date needs a lot number`);
    const problems = checkReceipt(po.lines, input.lines, po.overReceiptTolerance);
    const over = problems.filter((p) => p.code === 'OVER_RECEIPT');
    if (over.length > 0) {
      const what = over.map((p) => `${p.skuCode} (line ${p.lineId}): ordered ${p.ordered}, accepted ${p.alreadyAccepted}, accepting ${p.accepting}, at most ${p.maxAcceptable} allowed`);
      throw new AppError('OVER_RECEIPT', `over-receipt beyond the ${Math.round(po.overReceiptTolerance * 100)} % tolerance: ${what.join('; ')}`, { problems: over });
    }
    if (problems.length > 0) {
      throw new AppError('INVALID_RECEIPT', `receipt refused: ${problems.map((p) => `${p.code} on line ${p.lineId}`).join('; ')}`, { problems });
    }
    const byLine = new Map(po.lines.map((l) => [l.lineId, l]));
    const lines: ReceiptLine[] = input.lines.map((l) => {
      const pl = byLine.get(l.lineId)!;
      return {
        lineId: l.lineId, skuCode: pl.skuCode, warehouseId: pl.warehouseId,
        receivedQty: l.receivedQty, acceptedQty: l.acceptedQty, rejectedQty: l.rejectedQty,
        ...(l.rejectReason ? { rejectReason: l.rejectReason } : {}),
        ...(l.lot ? { lot: l.lot } : {}),
        ...(l.expiresAt ? { expiresAt: l.expiresAt } : {}),
        unitPriceMinor: pl.unitPriceMinor, quotedPriceMinor: pl.quotedPriceMinor, expectedDate: pl.expectedDate,
      };
    });
    const receipt: PurchaseReceiptDoc = {
      _id: id, sellerId, poId, supplierId: po.supplierId, state: 'posting', lines,
      ...(input.deliveryNote ? { deliveryNote: input.deliveryNote } : {}),
      fingerprint: fp, receivedAt, receivedBy: by, createdAt: now, updatedAt: now,
    };
    try {
      await ctx.models.PurchaseReceipt.collection.insertOne(receipt as never);
    } catch (err) {
      // Another request with this key won the insert (the lock expired under it): answer that receipt.
      if (!isDuplicateKeyError(err)) throw err;
      const other = (await ctx.models.PurchaseReceipt.findOne({ _id: id, sellerId }).lean<PurchaseReceiptDoc>())!;
      assertSameRequest(other, fp, input.idempotencyKey);
      return { receipt: await postReceipt(ctx, other), po: await refreshPoTotals(ctx, po), created: false };
    }
    const posted = await postReceipt(ctx, receipt);
    await ctx.models.PurchaseOrder.updateOne({ _id: poId, sellerId }, { $push: { history: { at: now, by, action: 'received', note: id } } });
    const after = await refreshPoTotals(ctx, po);
    ctx.log.info({ sellerId, poId, receiptId: id, status: after.status }, 'purchase receipt posted');
    return { receipt: posted, po: after, created: true };
  });
}

/** Applies the receipt's ledger entries (each idempotent by its key) and marks it posted. */
async function postReceipt(ctx: Ctx, r: PurchaseReceiptDoc): Promise<PurchaseReceiptDoc> {
  const lines: ReceiptLine[] = [];
  for (const [i, l] of r.lines.entries()) {
    if (l.acceptedQty <= 0) {
      lines.push(l);
      continue;
    }
    const reference: StockMovementDoc['reference'] = { kind: 'purchase_receipt', id: r._id, ...(l.lot ? { lot: l.lot } : {}), ...(l.expiresAt ? { expiresAt: l.expiresAt } : {}) };
    const outcome = await ctx.ledger.apply({
      sellerId: r.sellerId, warehouseId: l.warehouseId, skuCode: l.skuCode, type: 'purchase_receipt',
      key: `prc:${r._id}:${i}`, delta: movementDeltas.adjust(l.acceptedQty), reference, reason: `PO ${r.poId} line ${l.lineId}`,
    });
    if (outcome.status === 'refused') throw new Error(`ledger refused an increase for receipt ${r._id}`);
    if (l.lot) {
      // The lot's own balance (FEFO picking reads these); idempotent on the ledger key.
      await recordLotEntry(ctx, {
        sellerId: r.sellerId, warehouseId: l.warehouseId, skuCode: l.skuCode, lotNumber: l.lot, expiresAt: l.expiresAt ? new Date(`${l.expiresAt}T00:00:00Z`) : null,
        delta: l.acceptedQty, key: `prc:${r._id}:${i}`, reference: { kind: 'purchase_receipt', id: r._id }, by: 'purchasing',
      });
    }
    lines.push({ ...l, movementId: outcome.entry._id });
  }
  const now = ctx.now();
  await ctx.models.PurchaseReceipt.updateOne({ _id: r._id, sellerId: r.sellerId }, { $set: { lines, state: 'posted', updatedAt: now } });
  await markStockDirty(ctx, r.sellerId, [...new Set(lines.filter((l) => l.acceptedQty > 0).map((l) => l.skuCode))]);
  await appendEvents(ctx.models, [{
    _id: `${r._id}:posted`, sellerId: r.sellerId, type: 'purchase.received', subject: { kind: 'purchase_receipt', id: r._id },
    data: {
      poId: r.poId, supplierId: r.supplierId,
      lines: lines.map((l) => ({ lineId: l.lineId, skuCode: l.skuCode, warehouseId: l.warehouseId, accepted: l.acceptedQty, rejected: l.rejectedQty, lot: l.lot ?? null, expiresAt: l.expiresAt ?? null })),
    },
  }], now);
  return { ...r, lines, state: 'posted', updatedAt: now };
}

/** Finishes receipts of this PO a crash left half-posted, so the totals the next receipt is checked against are whole. */
async function finishPending(ctx: Ctx, po: PurchaseOrderDoc): Promise<PurchaseOrderDoc> {
  const pending = await ctx.models.PurchaseReceipt.find({ sellerId: po.sellerId, poId: po._id, state: 'posting' }).lean<PurchaseReceiptDoc[]>();
  for (const r of pending) {
    ctx.log.warn({ sellerId: po.sellerId, poId: po._id, receiptId: r._id }, 'finishing a half-posted purchase receipt');
    await postReceipt(ctx, r);
  }
  return refreshPoTotals(ctx, po);
}
