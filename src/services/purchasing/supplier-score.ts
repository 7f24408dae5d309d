import type { Ctx } from '../../context.js';
import type { SupplierDoc } from '../../db/models/purchasing-supplier.model.js';
import { rankSuppliers, scoreSupplier, type DeliveryRecord, type SupplierScore } from '../../domain/purchasing-score.js';

/** The supplier's score from every posted receipt (recomputed on read: nothing to drift or double count). */
export async function supplierScores(ctx: Ctx, sellerId: string, supplierIds: readonly string[]): Promise<Map<string, SupplierScore>> {
  const receipts = await ctx.models.PurchaseReceipt.find({ sellerId, supplierId: { $in: [...supplierIds] }, state: 'posted' }).lean();
  const history = new Map<string, DeliveryRecord[]>(supplierIds.map((id) => [id, []]));
  for (const r of receipts) {
    for (const l of r.lines) {
      history.get(r.supplierId)?.push({
        quotedPriceMinor: l.quotedPriceMinor, unitPriceMinor: l.unitPriceMinor, expectedDate: l.expectedDate,
        receivedAt: r.receivedAt, receivedQty: l.receivedQty, rejectedQty: l.rejectedQty,
      });
    }
  }
  return new Map([...history].map(([id, h]) => [id, scoreSupplier(h)]));
}

export interface SupplierCandidate {
  supplier: SupplierDoc;
  unitPriceMinor: number;
  minOrderQty: number;
  leadTimeDays: number;
  score: number | null;
  detail: SupplierScore;
}

/** Active suppliers quoting a SKU, best first (score, then price, then lead time). */
export async function suppliersForSku(ctx: Ctx, sellerId: string, skuCode: string): Promise<SupplierCandidate[]> {
  const prices = await ctx.models.SupplierPrice.find({ sellerId, skuCode }).lean();
  const suppliers = await ctx.models.Supplier.find({ sellerId, _id: { $in: prices.map((p) => p.supplierId) }, active: true }).lean<SupplierDoc[]>();
  const scores = await supplierScores(ctx, sellerId, suppliers.map((s) => s._id));
  const byId = new Map(suppliers.map((s) => [s._id, s]));
  const cands: SupplierCandidate[] = [];
  for (const p of prices) {
    const supplier = byId.get(p.supplierId);
    const detail = scores.get(p.supplierId);
    if (!supplier || !detail) continue;
    cands.push({ supplier, unitPriceMinor: p.unitPriceMinor, minOrderQty: p.minOrderQty, leadTimeDays: supplier.leadTimeDays, score: detail.score, detail });
  }
  return rankSuppliers(cands);
}
