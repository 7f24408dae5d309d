import type { Ctx } from '../../context.js';
import { stockLevelId } from '../../db/models/stock-level.model.js';
import { AppError } from '../../errors.js';
import { ledgerHead, warehouseByCode } from './common.js';
import { inTransit } from './transfer-transit.js';

/** Where the document behind a movement can be read. */
const documentPath: Record<string, (id: string) => string> = {
  order: (id) => `/v1/orders/${id}`,
  stocktake: (id) => `/v1/inventory/stocktakes/${id}`,
  transfer: (id) => `/v1/inventory/transfers/${id}`,
  ticket: (id) => `/v1/aftersales/tickets/${id}`,
};

/**
 * The ledger of one SKU in one warehouse, oldest first, with the running balance after each movement and
 * the document behind it. Paged by sequence number. `skuCode` may name the defective location (SKU@DEFECTIVE).
 */
export async function ledgerView(ctx: Ctx, sellerId: string, q: { warehouseCode: string; skuCode: string; afterSeq: number; limit: number }) {
  const w = await warehouseByCode(ctx, sellerId, q.warehouseCode);
  const base = q.skuCode.replace(/@DEFECTIVE$/, '');
  if (!(await ctx.models.Sku.exists({ sellerId, code: base }))) throw new AppError('UNKNOWN_SKU', `sku ${base} does not exist`);
  const levelId = stockLevelId(sellerId, w._id, q.skuCode);
  const [entries, head, transit] = await Promise.all([
    ctx.models.StockMovement.find({ levelId, seq: { $gt: q.afterSeq } }).sort({ seq: 1 }).limit(q.limit).lean(),
    ledgerHead(ctx, sellerId, w._id, q.skuCode),
    inTransit(ctx, sellerId, { skuCodes: [q.skuCode], toWarehouseId: w._id }),
  ]);
  const last = entries.at(-1);
  return {
    warehouseId: w._id, warehouseCode: w.code, skuCode: q.skuCode,
    balance: { seq: head.seq, onHand: head.onHand, reserved: head.reserved, available: head.onHand - head.reserved, inTransitIn: transit.reduce((a, r) => a + r.quantity, 0) },
    items: entries.map((e) => ({
      seq: e.seq, at: e.at, type: e.type, onHandDelta: e.onHandDelta, reservedDelta: e.reservedDelta,
      onHandAfter: e.onHandAfter, reservedAfter: e.reservedAfter, availableAfter: e.onHandAfter - e.reservedAfter,
      document: { kind: e.reference.kind, id: e.reference.id, path: documentPath[e.reference.kind]?.(e.reference.id) ?? null },
      reason: e.reason ?? null,
    })),
    nextAfterSeq: last && entries.length === q.limit ? last.seq : null,
  };
}
