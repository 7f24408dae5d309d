import type { Ctx } from '../../context.js';
import type { StocktakeDoc } from '../../db/models/inventory-stocktake.model.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { appendEvents } from '../events.js';
import { ledgerHead, requireSkus, warehouseByCode, withDocLock } from './common.js';

export interface OpenStocktakeInput {
  warehouseCode: string;
  /** Count only these SKUs; absent: every SKU of the seller. */
  skuCodes?: string[];
  note?: string;
}

/**
 * Opens a count: snapshots each SKU's ledger balance and sequence number in the warehouse. Only one open
 * count per warehouse and SKU, so two counts never adjust the same stock twice.
 */
export async function openStocktake(ctx: Ctx, sellerId: string, by: string, input: OpenStocktakeInput): Promise<StocktakeDoc> {
  const warehouse = await warehouseByCode(ctx, sellerId, input.warehouseCode);
  let skuCodes: string[];
  if (input.skuCodes) {
    skuCodes = [...new Set(input.skuCodes)].sort();
    await requireSkus(ctx, sellerId, skuCodes);
  } else {
    skuCodes = (await ctx.models.Sku.find({ sellerId }, { code: 1 }).lean()).map((s) => s.code).sort();
    if (skuCodes.length === 0) throw new AppError('VALIDATION_FAILED', 'the seller has no SKU to count');
  }
  return withDocLock(ctx, `stocktake-open:${warehouse._id}`, async () => {
    const open = await ctx.models.InventoryStocktake.find({ sellerId, warehouseId: warehouse._id, status: { $in: ['open', 'approving'] } }, { lines: 1 }).lean();
    const busy = new Set(open.flatMap((s) => s.lines.map((l) => l.skuCode)));
    const overlap = skuCodes.filter((c) => busy.has(c));
    if (overlap.length > 0) {
      throw new AppError('INVENTORY_INVALID_STATE', `a count of ${overlap.slice(0, 5).join(', ')} in ${warehouse.code} is already open`, { stocktakeIds: open.map((s) => s._id) });
    }
    const lines = [];
    for (const skuCode of skuCodes) {
      const head = await ledgerHead(ctx, sellerId, warehouse._id, skuCode);
      lines.push({ skuCode, snapshotOnHand: head.onHand, snapshotSeq: head.seq });
    }
    const now = ctx.now();
    const doc: StocktakeDoc = {
      _id: newId('stk', now), sellerId, warehouseId: warehouse._id, warehouseCode: warehouse.code,
      scope: input.skuCodes ? 'listed' : 'all', status: 'open', note: input.note, lines, adjustments: [],
      createdBy: by, createdAt: now, updatedAt: now,
    };
    await ctx.models.InventoryStocktake.collection.insertOne(doc as never);
    await appendEvents(ctx.models, [{ _id: `stocktake.opened:${doc._id}`, sellerId, type: 'stocktake.opened', subject: { kind: 'stocktake', id: doc._id }, data: { warehouseId: warehouse._id, skus: lines.length, by } }], now);
    ctx.log.info({ stocktakeId: doc._id, warehouseId: warehouse._id, skus: lines.length }, 'stocktake opened');
    return doc;
  });
}
