import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { AppError } from '../../errors.js';
import type { Actor } from './common.js';
import { createPurchaseOrder } from './orders.js';
import { suppliersForSku } from './supplier-score.js';

/**
 * A low-stock suggestion as the inventory side produces it: flat, or a raised alert carrying its suggestion
 * (`{ _id, skuCode, warehouseId, suggestion: { kind, quantity, reason } }`). Only the data is shared.
 */
export interface SuggestionLike {
  id?: string;
  alertId?: string;
  _id?: string;
  skuCode: string;
  warehouseId?: string | null;
  warehouseCode?: string;
  quantity?: number;
  kind?: string;
  reason?: string;
  supplierId?: string;
  suggestion?: { kind?: string; quantity?: number; reason?: string };
}

export interface FromSuggestionInput {
  suggestion: SuggestionLike;
  supplierId?: string;
  warehouseCode?: string;
  quantity?: number;
  unitPriceMinor?: number;
  expectedDate?: Date;
  idempotencyKey?: string;
}

/**
 * Turns a suggestion into a draft PO: the named supplier, else the best-ranked one quoting the SKU; the
 * quantity rounded up to the supplier's minimum order. One suggestion id makes one PO (retries answer it).
 */
export async function createPoFromSuggestion(ctx: Ctx, sellerId: string, input: FromSuggestionInput, by: Actor): Promise<{ po: PurchaseOrderDoc; created: boolean }> {
  const s = input.suggestion;
  const kind = s.kind ?? s.suggestion?.kind;
  if (kind === 'none') throw new AppError('VALIDATION_FAILED', 'the suggestion says nothing needs ordering (kind "none")');
  const suggested = input.quantity ?? s.quantity ?? s.suggestion?.quantity;
  if (!suggested || suggested <= 0) throw new AppError('VALIDATION_FAILED', 'the suggestion carries no positive quantity; give quantity');
  const suggestionId = s.id ?? s.alertId ?? s._id;
  let warehouseCode = input.warehouseCode ?? s.warehouseCode;
  if (!warehouseCode && s.warehouseId) {
    const wh = await ctx.models.Warehouse.findOne({ _id: s.warehouseId, sellerId }, { code: 1 }).lean();
    if (!wh) throw new AppError('UNKNOWN_WAREHOUSE', `warehouse ${s.warehouseId} does not exist`);
    warehouseCode = wh.code;
  }
  if (!warehouseCode) throw new AppError('VALIDATION_FAILED', 'the suggestion names no warehouse; give warehouseCode');
  const ranked = await suppliersForSku(ctx, sellerId, s.skuCode);
  const supplierId = input.supplierId ?? s.supplierId ?? ranked[0]?.supplier._id;
  if (!supplierId) throw new AppError('UNKNOWN_SUPPLIER', `no active supplier quotes sku ${s.skuCode}; name a supplierId`, { skuCode: s.skuCode });
  const minQty = ranked.find((c) => c.supplier._id === supplierId)?.minOrderQty ?? 1;
  const quantity = Math.max(suggested, minQty);
  const source: PurchaseOrderDoc['source'] = {
    kind: 'suggestion',
    ...(suggestionId ? { suggestionId } : {}),
    suggestion: { skuCode: s.skuCode, warehouseCode, suggestedQuantity: suggested, reason: s.reason ?? s.suggestion?.reason ?? null },
  };
  return createPurchaseOrder(ctx, sellerId, {
    supplierId,
    warehouseCode,
    lines: [{ skuCode: s.skuCode, quantity, ...(input.unitPriceMinor !== undefined ? { unitPriceMinor: input.unitPriceMinor } : {}) }],
    ...(input.expectedDate ? { expectedDate: input.expectedDate } : {}),
    idempotencyKey: input.idempotencyKey ?? (suggestionId ? `suggestion:${suggestionId}` : undefined),
  }, by, source);
}
