import type { Ctx } from '../../context.js';
import type { StocktakeCountDoc } from '../../db/models/inventory-stocktake-count.model.js';
import type { StocktakeDoc } from '../../db/models/inventory-stocktake.model.js';
import { varianceLines } from '../../domain/inventory-stocktake.js';
import { AppError, isOnlyDuplicateKeyErrors, notFound } from '../../errors.js';
import { ledgerHead, withDocLock } from './common.js';

export interface CountInput {
  counter: string;
  entries: { entryId: string; skuCode: string; mode: 'add' | 'set'; quantity: number }[];
}

export async function loadStocktake(ctx: Ctx, sellerId: string, id: string): Promise<StocktakeDoc> {
  const doc = await ctx.models.InventoryStocktake.findOne({ _id: id, sellerId }).lean<StocktakeDoc>();
  if (!doc) throw notFound('stocktake', id);
  return doc;
}

/**
 * Records counts (scans or recounts) of one counter. Each entry's id makes a retried scan count once.
 * Under the stocktake's lock, so no count slips in after the approval started.
 */
export async function recordCounts(ctx: Ctx, sellerId: string, id: string, input: CountInput): Promise<{ recorded: number; replayed: number }> {
  return withDocLock(ctx, `stocktake:${id}`, async () => {
    const st = await loadStocktake(ctx, sellerId, id);
    if (st.status !== 'open') throw new AppError('INVENTORY_INVALID_STATE', `stocktake ${id} is ${st.status}: counts are closed`);
    const onCount = new Set(st.lines.map((l) => l.skuCode));
    const outside = [...new Set(input.entries.map((e) => e.skuCode).filter((c) => !onCount.has(c)))];
    if (outside.length > 0) throw new AppError('INVENTORY_NOT_IN_DOCUMENT', `not on this stocktake: ${outside.join(', ')}`, { skuCodes: outside });
    const at = ctx.now();
    const docs: StocktakeCountDoc[] = input.entries.map((e, i) => ({
      _id: `${id}:${e.entryId}`, stocktakeId: id, sellerId, skuCode: e.skuCode, counter: input.counter, mode: e.mode, quantity: e.quantity,
      at: new Date(at.getTime() + i), // keeps the recording order of one request
    }));
    const seen = new Set((await ctx.models.InventoryStocktakeCount.find({ _id: { $in: docs.map((d) => d._id) } }, { _id: 1 }).lean()).map((d) => d._id));
    const fresh = docs.filter((d) => !seen.has(d._id));
    if (fresh.length > 0) {
      try {
        await ctx.models.InventoryStocktakeCount.collection.insertMany(fresh as never[], { ordered: false });
      } catch (err) {
        if (!isOnlyDuplicateKeyErrors(err)) throw err;
      }
    }
    const recorded = fresh.length;
    await ctx.models.InventoryStocktake.updateOne({ _id: id }, { $set: { updatedAt: at } });
    return { recorded, replayed: docs.length - recorded };
  });
}

/** The stocktake with its variance per SKU and what happened in the ledger since the snapshot. */
export async function stocktakeView(ctx: Ctx, sellerId: string, id: string) {
  const st = await loadStocktake(ctx, sellerId, id);
  const counts = await ctx.models.InventoryStocktakeCount.find({ stocktakeId: id }).sort({ at: 1, _id: 1 }).lean();
  const variance = varianceLines(st.lines, counts);
  const lines = [];
  for (const [i, v] of variance.entries()) {
    const snap = st.lines[i]!;
    const head = await ledgerHead(ctx, sellerId, st.warehouseId, v.skuCode);
    lines.push({ ...v, snapshotSeq: snap.snapshotSeq, onHandNow: head.onHand, movedSinceSnapshot: head.onHand - snap.snapshotOnHand });
  }
  return {
    id: st._id, warehouseId: st.warehouseId, warehouseCode: st.warehouseCode, scope: st.scope, status: st.status, note: st.note ?? null,
    createdBy: st.createdBy, createdAt: st.createdAt, approvedBy: st.approvedBy ?? null, approvedAt: st.approvedAt ?? null,
    adjustments: st.adjustments, counts: counts.length, lines,
  };
}
