import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { canDo } from '../../domain/purchasing-status.js';
import { AppError } from '../../errors.js';
import { type Actor, loadSupplier, withPo } from './common.js';
import { buildPoLines, type PoLineInput } from './po-lines.js';

export interface PoEdit {
  warehouseCode?: string;
  expectedDate?: Date;
  lines?: PoLineInput[];
  reference?: string;
  notes?: string;
  overReceiptTolerance?: number;
}

/** Edits a draft PO (its lines are replaced whole, checked like new ones); once approved a PO is only received, closed or cancelled. */
export function editPurchaseOrder(ctx: Ctx, sellerId: string, poId: string, edit: PoEdit, by: Actor): Promise<PurchaseOrderDoc> {
  return withPo(ctx, sellerId, poId, async (po) => {
    if (!canDo(po.status, 'edit')) throw new AppError('PO_STATUS_CONFLICT', `purchase order ${poId} is ${po.status}: only a draft can be edited`, { status: po.status });
    const set: Record<string, unknown> = {};
    if (edit.lines) {
      // Lines without a warehouse keep going where the PO's first line went.
      const first = po.lines[0] && (await ctx.models.Warehouse.findOne({ _id: po.lines[0].warehouseId, sellerId }, { code: 1 }).lean());
      const warehouseCode = edit.warehouseCode ?? first?.code;
      set.lines = await buildPoLines(ctx, sellerId, await loadSupplier(ctx, sellerId, po.supplierId), { ...edit, ...(warehouseCode ? { warehouseCode } : {}), lines: edit.lines });
    } else if (edit.expectedDate) {
      set.lines = po.lines.map((l) => ({ ...l, expectedDate: edit.expectedDate }));
    }
    if (edit.reference !== undefined) set.reference = edit.reference;
    if (edit.notes !== undefined) set.notes = edit.notes;
    if (edit.overReceiptTolerance !== undefined) set.overReceiptTolerance = edit.overReceiptTolerance;
    const now = ctx.now();
    await ctx.models.PurchaseOrder.updateOne({ _id: poId, sellerId }, { $set: { ...set, updatedAt: now }, $push: { history: { at: now, by, action: 'edited' } } });
    ctx.log.info({ sellerId, poId }, 'purchase order edited');
    return (await ctx.models.PurchaseOrder.findById(poId).lean<PurchaseOrderDoc>())!;
  });
}
