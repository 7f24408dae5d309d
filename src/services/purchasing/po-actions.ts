import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { canDo, type PoAction, type PoStatus } from '../../domain/purchasing-status.js';
import { AppError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { type Actor, withPo } from './common.js';

const targets: Record<'approve' | 'cancel' | 'close', PoStatus> = { approve: 'approved', cancel: 'cancelled', close: 'closed' };
const stamps = { approve: 'approvedAt', cancel: 'cancelledAt', close: 'closedAt' } as const;

/**
 * Approves, cancels or closes (short) a PO under its lock. Repeating the action on a PO already in the target
 * status answers it unchanged (a retried request); anything the table does not allow is PO_STATUS_CONFLICT.
 */
export function changePoStatus(ctx: Ctx, sellerId: string, poId: string, action: 'approve' | 'cancel' | 'close', by: Actor, note?: string): Promise<PurchaseOrderDoc> {
  return withPo(ctx, sellerId, poId, async (po) => {
    const to = targets[action];
    if (po.status === to) return po;
    if (!canDo(po.status, action as PoAction)) {
      throw new AppError('PO_STATUS_CONFLICT', `purchase order ${poId} is ${po.status}: it cannot be ${to}`, { status: po.status });
    }
    if (action === 'cancel' && po.lines.some((l) => l.acceptedQty + l.rejectedQty > 0)) {
      throw new AppError('PO_STATUS_CONFLICT', `purchase order ${poId} has receipts: close it instead of cancelling`, { status: po.status });
    }
    const now = ctx.now();
    const set: Record<string, unknown> = { status: to, updatedAt: now, [stamps[action]]: now };
    if (action === 'approve') set.approvedBy = by;
    const from = po.status;
    await ctx.models.PurchaseOrder.updateOne({ _id: poId, sellerId }, { $set: set, $push: { history: { at: now, by, action: to, ...(note ? { note } : {}) } } });
    await appendEvents(ctx.models, [{
      _id: `${poId}:${to}`, sellerId, type: `purchase_order.${to}`, subject: { kind: 'purchase_order', id: poId }, data: { from, by },
    }], now);
    ctx.log.info({ sellerId, poId, from, to }, 'purchase order status changed');
    return (await ctx.models.PurchaseOrder.findById(poId).lean<PurchaseOrderDoc>())!;
  });
}
