import type { Ctx } from '../../context.js';
import { outstanding } from '../../domain/inventory-transfer.js';

export interface InTransitRow {
  transferId: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  skuCode: string;
  quantity: number;
  shippedAt: Date | null;
}

/** Stock that left one warehouse on a transfer and has not arrived (nor been written off) yet. */
export async function inTransit(ctx: Ctx, sellerId: string, filter: { skuCodes?: string[]; toWarehouseId?: string } = {}): Promise<InTransitRow[]> {
  const q: Record<string, unknown> = { sellerId, status: { $in: ['shipping', 'shipped', 'partially_received'] } };
  if (filter.toWarehouseId) q.toWarehouseId = filter.toWarehouseId;
  const transfers = await ctx.models.InventoryTransfer.find(q).sort({ updatedAt: 1, _id: 1 }).lean();
  const want = filter.skuCodes && new Set(filter.skuCodes);
  const rows: InTransitRow[] = [];
  for (const t of transfers) {
    for (const l of t.lines) {
      const qty = outstanding(l);
      if (qty <= 0 || (want && !want.has(l.skuCode))) continue;
      rows.push({ transferId: t._id, fromWarehouseId: t.fromWarehouseId, toWarehouseId: t.toWarehouseId, skuCode: l.skuCode, quantity: qty, shippedAt: t.shippedAt ?? null });
    }
  }
  return rows;
}
