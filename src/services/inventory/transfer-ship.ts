import type { Ctx } from '../../context.js';
import type { TransferDoc } from '../../db/models/inventory-transfer.model.js';
import { applyDelta, movementDeltas } from '../../domain/stock.js';
import { AppError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { evaluateAlerts } from './alerts-evaluate.js';
import { ledgerHead, withDocLock } from './common.js';
import { loadTransfer } from './transfer-create.js';

/**
 * Ships a transfer: every line leaves the source warehouse (a transfer_out posting) and is in transit.
 * Checked against available stock first; the transfer is "shipping" while posting, so a crash is resumed
 * by the next call with the same keys. If a posting is refused (stock taken meanwhile), the postings of
 * this attempt are undone and the transfer is a draft again.
 */
export async function shipTransfer(ctx: Ctx, sellerId: string, id: string, by: string): Promise<TransferDoc> {
  return withDocLock(ctx, `transfer:${id}`, async () => {
    let t = await loadTransfer(ctx, sellerId, id);
    if (['shipped', 'partially_received', 'received', 'closed'].includes(t.status)) return t;
    if (t.status !== 'draft' && t.status !== 'shipping') throw new AppError('INVENTORY_INVALID_STATE', `transfer ${id} is ${t.status}: it cannot be shipped`);
    if (t.status === 'draft') {
      const short = [];
      for (const l of t.lines) {
        const head = await ledgerHead(ctx, sellerId, t.fromWarehouseId, l.skuCode);
        if (!applyDelta(head, movementDeltas.adjust(-l.quantity))) short.push({ skuCode: l.skuCode, wanted: l.quantity, available: head.onHand - head.reserved });
      }
      if (short.length > 0) throw new AppError('INSUFFICIENT_STOCK', 'the source warehouse does not have the available stock to ship this transfer', { lines: short });
      t = { ...t, status: 'shipping', shipAttempt: t.shipAttempt + 1 };
      await ctx.models.InventoryTransfer.updateOne({ _id: id }, { $set: { status: 'shipping', shipAttempt: t.shipAttempt, updatedAt: ctx.now() } });
    }
    const key = (sku: string) => `transfer:${id}:out:${t.shipAttempt}:${sku}`;
    const posted: string[] = [];
    for (const l of t.lines) {
      const out = await ctx.ledger.apply({
        sellerId, warehouseId: t.fromWarehouseId, skuCode: l.skuCode, type: 'transfer_out', delta: movementDeltas.adjust(-l.quantity),
        key: key(l.skuCode), reference: { kind: 'transfer', id }, reason: `ship to ${t.toWarehouseId}`,
      });
      if (out.status === 'refused') {
        await undoAttempt(ctx, t, posted);
        throw new AppError('INSUFFICIENT_STOCK', `${l.skuCode} was taken meanwhile in the source warehouse: the transfer is a draft again`, { skuCode: l.skuCode, current: out.current });
      }
      posted.push(l.skuCode);
    }
    const now = ctx.now();
    const lines = t.lines.map((l) => ({ ...l, shipped: l.quantity }));
    await ctx.models.InventoryTransfer.updateOne({ _id: id }, { $set: { status: 'shipped', lines, shippedBy: by, shippedAt: now, updatedAt: now } });
    await appendEvents(ctx.models, [{ _id: `transfer.shipped:${id}`, sellerId, type: 'transfer.shipped', subject: { kind: 'transfer', id }, data: { lines: lines.map((l) => ({ skuCode: l.skuCode, quantity: l.shipped })), by } }], now);
    const skus = t.lines.map((l) => l.skuCode);
    await markStockDirty(ctx, sellerId, skus);
    await evaluateAlerts(ctx, sellerId, skus);
    ctx.log.info({ transferId: id, lines: lines.length }, 'transfer shipped');
    return { ...t, status: 'shipped', lines, shippedBy: by, shippedAt: now, updatedAt: now };
  });
}

async function undoAttempt(ctx: Ctx, t: TransferDoc, posted: readonly string[]): Promise<void> {
  for (const sku of posted) {
    const line = t.lines.find((l) => l.skuCode === sku)!;
    await ctx.ledger.apply({
      sellerId: t.sellerId, warehouseId: t.fromWarehouseId, skuCode: sku, type: 'transfer_in', delta: movementDeltas.adjust(line.quantity),
      key: `transfer:${t._id}:undo:${t.shipAttempt}:${sku}`, reference: { kind: 'transfer', id: t._id }, reason: 'ship attempt undone',
    });
  }
  await ctx.models.InventoryTransfer.updateOne({ _id: t._id }, { $set: { status: 'draft', updatedAt: ctx.now() } });
}
