import type { Ctx } from '../../context.js';
import type { StocktakeDoc } from '../../db/models/inventory-stocktake.model.js';
import { stocktakeAdjustment, varianceLines } from '../../domain/inventory-stocktake.js';
import { applyDelta, movementDeltas } from '../../domain/stock.js';
import { AppError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { evaluateAlerts } from './alerts-evaluate.js';
import { ledgerHead, withDocLock } from './common.js';
import { loadStocktake } from './stocktake-count.js';

/**
 * Approves a count: posts `counted − snapshot` per SKU to the ledger. Movements since the snapshot are
 * already in the ledger and stay there, so the balance becomes counted + movements since (no double
 * counting). Checked first against the current balances (nothing is posted if one line cannot be);
 * the stocktake is marked "approving" before posting, and each posting's key is unique per stocktake and
 * SKU, so a retried approval finishes the same postings instead of adding new ones.
 */
export async function approveStocktake(ctx: Ctx, sellerId: string, id: string, by: string, opts: { uncountedAsZero: boolean }): Promise<StocktakeDoc> {
  return withDocLock(ctx, `stocktake:${id}`, async () => {
    const st = await loadStocktake(ctx, sellerId, id);
    if (st.status === 'approved') return st;
    if (st.status !== 'open' && st.status !== 'approving') throw new AppError('INVENTORY_INVALID_STATE', `stocktake ${id} is ${st.status}: it cannot be approved`);
    const counts = await ctx.models.InventoryStocktakeCount.find({ stocktakeId: id }).sort({ at: 1, _id: 1 }).lean();
    const uncountedAsZero = st.status === 'approving' ? Boolean(st.uncountedAsZero) : opts.uncountedAsZero;
    const postings = varianceLines(st.lines, counts)
      .map((v) => ({ skuCode: v.skuCode, delta: stocktakeAdjustment(v, uncountedAsZero) }))
      .filter((p) => p.delta !== 0);

    if (st.status === 'open') {
      const blocked = [];
      for (const p of postings) {
        const head = await ledgerHead(ctx, sellerId, st.warehouseId, p.skuCode);
        if (!applyDelta(head, movementDeltas.adjust(p.delta))) blocked.push({ skuCode: p.skuCode, delta: p.delta, onHand: head.onHand, reserved: head.reserved });
      }
      if (blocked.length > 0) {
        throw new AppError('INSUFFICIENT_STOCK', 'the count cannot be posted: stock moved since the count leaves too little on hand for what is reserved', { lines: blocked });
      }
      await ctx.models.InventoryStocktake.updateOne({ _id: id }, { $set: { status: 'approving', uncountedAsZero, updatedAt: ctx.now() } });
    }

    const adjustments = [];
    for (const p of postings) {
      const out = await ctx.ledger.apply({
        sellerId, warehouseId: st.warehouseId, skuCode: p.skuCode, type: 'stocktake', delta: movementDeltas.adjust(p.delta),
        key: `stocktake:${id}:${p.skuCode}`, reference: { kind: 'stocktake', id }, reason: `count variance ${p.delta > 0 ? '+' : ''}${p.delta}`,
      });
      if (out.status === 'refused') {
        throw new AppError('INSUFFICIENT_STOCK', `posting ${p.skuCode} was refused: retry the approval once stock allows`, { skuCode: p.skuCode, current: out.current });
      }
      adjustments.push({ skuCode: p.skuCode, delta: p.delta, movementId: out.entry._id });
    }
    const now = ctx.now();
    await ctx.models.InventoryStocktake.updateOne({ _id: id }, { $set: { status: 'approved', adjustments, approvedBy: by, approvedAt: now, updatedAt: now } });
    await appendEvents(ctx.models, [{ _id: `stocktake.approved:${id}`, sellerId, type: 'stocktake.approved', subject: { kind: 'stocktake', id }, data: { adjustments, by } }], now);
    const skus = adjustments.map((a) => a.skuCode);
    await markStockDirty(ctx, sellerId, skus);
    await evaluateAlerts(ctx, sellerId, skus);
    ctx.log.info({ stocktakeId: id, adjusted: adjustments.length }, 'stocktake approved');
    return { ...st, status: 'approved', adjustments, approvedBy: by, approvedAt: now, updatedAt: now };
  });
}

export async function cancelStocktake(ctx: Ctx, sellerId: string, id: string, by: string): Promise<StocktakeDoc> {
  return withDocLock(ctx, `stocktake:${id}`, async () => {
    const st = await loadStocktake(ctx, sellerId, id);
    if (st.status === 'cancelled') return st;
    if (st.status !== 'open') throw new AppError('INVENTORY_INVALID_STATE', `stocktake ${id} is ${st.status}: it cannot be cancelled`);
    const now = ctx.now();
    await ctx.models.InventoryStocktake.updateOne({ _id: id }, { $set: { status: 'cancelled', cancelledBy: by, cancelledAt: now, updatedAt: now } });
    return { ...st, status: 'cancelled', cancelledBy: by, cancelledAt: now, updatedAt: now };
  });
}
