import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { foldLineTotals } from '../../domain/purchasing-receipt.js';
import { statusAfterReceipt, type PoStatus } from '../../domain/purchasing-status.js';

const receivingStatuses: readonly PoStatus[] = ['approved', 'partially_received', 'received'];

/**
 * Recomputes the PO's per-line accepted/rejected/returned quantities from its posted receipts and its returns,
 * and its receiving status. A recomputation, not an increment: running it twice (a retry) changes nothing more.
 * Called under the PO lock.
 */
export async function refreshPoTotals(ctx: Ctx, po: PurchaseOrderDoc): Promise<PurchaseOrderDoc> {
  const [receipts, returns] = await Promise.all([
    ctx.models.PurchaseReceipt.find({ sellerId: po.sellerId, poId: po._id, state: 'posted' }, { lines: 1 }).lean(),
    ctx.models.PurchaseReturn.find({ sellerId: po.sellerId, poId: po._id }, { lines: 1 }).lean(),
  ]);
  const totals = foldLineTotals(po.lines.map((l) => l.lineId), receipts, returns);
  const lines = po.lines.map((l) => ({ ...l, ...totals.get(l.lineId)! }));
  const status = receivingStatuses.includes(po.status) ? statusAfterReceipt(lines) : po.status;
  const unchanged = status === po.status && lines.every((l, i) => {
    const o = po.lines[i]!;
    return o.acceptedQty === l.acceptedQty && o.rejectedQty === l.rejectedQty && o.returnedQty === l.returnedQty;
  });
  if (unchanged) return po;
  const now = ctx.now();
  await ctx.models.PurchaseOrder.updateOne({ _id: po._id, sellerId: po.sellerId }, { $set: { lines, status, updatedAt: now } });
  if (status !== po.status) ctx.log.info({ sellerId: po.sellerId, poId: po._id, from: po.status, to: status }, 'purchase order receiving status changed');
  return { ...po, lines, status, updatedAt: now };
}
