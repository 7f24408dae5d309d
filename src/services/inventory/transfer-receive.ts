import type { Ctx } from '../../context.js';
import type { TransferDoc, TransferReceipt } from '../../db/models/inventory-transfer.model.js';
import { applyReceipt, closeWithDiscrepancy, mergeLines } from '../../domain/inventory-transfer.js';
import { movementDeltas } from '../../domain/stock.js';
import { AppError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { evaluateAlerts } from './alerts-evaluate.js';
import { withDocLock } from './common.js';
import { loadTransfer } from './transfer-create.js';

export interface ReceiveInput {
  receiptId: string;
  lines: { skuCode: string; quantity: number }[];
  /** The last delivery: whatever is still in transit afterwards is recorded as a discrepancy. */
  final?: boolean;
  reason?: string;
}

const receiving = ['shipped', 'partially_received'];

/**
 * Receives (part of) a transfer into the destination warehouse. A receipt id is applied once: its ledger
 * keys are unique, and a retry with the same id answers the transfer as it is.
 */
export async function receiveTransfer(ctx: Ctx, sellerId: string, id: string, by: string, input: ReceiveInput): Promise<{ transfer: TransferDoc; replayed: boolean }> {
  return withDocLock(ctx, `transfer:${id}`, async () => {
    let t = await loadTransfer(ctx, sellerId, id);
    const lines = mergeLines(input.lines).filter((l) => l.quantity > 0);
    const previous = t.receipts.find((r) => r.receiptId === input.receiptId);
    if (previous) {
      if (JSON.stringify(previous.lines) !== JSON.stringify(lines)) throw new AppError('IDEMPOTENCY_KEY_REUSED', `receipt ${input.receiptId} was recorded with other quantities`);
      return { transfer: t, replayed: true };
    }
    if (!receiving.includes(t.status)) throw new AppError('INVENTORY_INVALID_STATE', `transfer ${id} is ${t.status}: nothing to receive`);
    const check = applyReceipt(t.lines, lines);
    if (!check.ok) {
      if (check.code === 'NOT_IN_DOCUMENT') throw new AppError('INVENTORY_NOT_IN_DOCUMENT', `${check.skuCode} is not on transfer ${id}`, { skuCode: check.skuCode });
      throw new AppError('INVENTORY_OVER_QUANTITY', `${check.skuCode}: more received than the ${check.outstanding} still in transit`, { skuCode: check.skuCode, inTransit: check.outstanding });
    }
    for (const l of lines) {
      await ctx.ledger.apply({
        sellerId, warehouseId: t.toWarehouseId, skuCode: l.skuCode, type: 'transfer_in', delta: movementDeltas.adjust(l.quantity),
        key: `transfer:${id}:in:${input.receiptId}:${l.skuCode}`, reference: { kind: 'transfer', id }, reason: `receipt ${input.receiptId}`,
      });
    }
    const now = ctx.now();
    const receipt: TransferReceipt = { receiptId: input.receiptId, lines, by, at: now };
    t = { ...t, lines: check.lines, status: check.status, receipts: [...t.receipts, receipt], updatedAt: now };
    await ctx.models.InventoryTransfer.updateOne({ _id: id }, { $set: { lines: t.lines, status: t.status, updatedAt: now }, $push: { receipts: receipt } });
    await appendEvents(ctx.models, [{ _id: `transfer.received:${id}:${input.receiptId}`, sellerId, type: 'transfer.received', subject: { kind: 'transfer', id }, data: { receiptId: input.receiptId, lines, by } }], now);
    const skus = lines.map((l) => l.skuCode);
    await markStockDirty(ctx, sellerId, skus);
    await evaluateAlerts(ctx, sellerId, skus);
    if (input.final && t.status !== 'received') t = await closeLocked(ctx, t, by, input.reason ?? 'short on final receipt');
    return { transfer: t, replayed: false };
  });
}

/** Closes a transfer that will receive nothing more: what is still in transit is recorded as a discrepancy. */
export async function closeTransfer(ctx: Ctx, sellerId: string, id: string, by: string, reason: string): Promise<TransferDoc> {
  return withDocLock(ctx, `transfer:${id}`, async () => {
    const t = await loadTransfer(ctx, sellerId, id);
    if (t.status === 'closed') return t;
    if (!receiving.includes(t.status)) throw new AppError('INVENTORY_INVALID_STATE', `transfer ${id} is ${t.status}: it cannot be closed`);
    return closeLocked(ctx, t, by, reason);
  });
}

async function closeLocked(ctx: Ctx, t: TransferDoc, by: string, reason: string): Promise<TransferDoc> {
  const now = ctx.now();
  const { lines, discrepancies } = closeWithDiscrepancy(t.lines);
  const recorded = discrepancies.map((d) => ({ ...d, reason, by, at: now }));
  await ctx.models.InventoryTransfer.updateOne({ _id: t._id }, { $set: { lines, status: 'closed', closedBy: by, closedAt: now, updatedAt: now }, $push: { discrepancies: { $each: recorded } } });
  if (recorded.length > 0) {
    await appendEvents(ctx.models, [{ _id: `transfer.discrepancy:${t._id}`, sellerId: t.sellerId, type: 'transfer.discrepancy', subject: { kind: 'transfer', id: t._id }, data: { discrepancies, reason, by } }], now);
    ctx.log.warn({ transferId: t._id, lines: recorded.length }, 'transfer closed with a discrepancy');
  }
  return { ...t, lines, status: 'closed', discrepancies: [...t.discrepancies, ...recorded], closedBy: by, closedAt: now, updatedAt: now };
}
