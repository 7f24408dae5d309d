import type { Ctx } from '../context.js';
import type { OrderDoc } from '../db/models/order.model.js';
import { rankWarehouses, type AvailabilityMatrix } from '../domain/allocation.js';
import { audit } from '../domain/audit.js';
import { holdReasons, skuQuantities, type Hold, type OrderLine } from '../domain/order.js';
import { journalReservations, releaseHeld, reservationKeys, reserveAll } from './order-stock.js';
import { transition, withOrder } from './order-writes.js';
import { loadSkuResolver } from './sku-resolver.js';
import { markStockDirty } from './stock-push-trigger.js';

export interface PipelineResult {
  allocated: string[];
  held: string[];
  skipped: string[];
}

const by = 'pipeline';

/**
 * Runs pending orders of one seller through the pipeline: audit → allocate a warehouse that can fill the
 * whole order → default courier → reserve stock. Shared lookups are made once per batch.
 */
export async function runPipeline(ctx: Ctx, sellerId: string, orderIds: readonly string[]): Promise<PipelineResult> {
  const result: PipelineResult = { allocated: [], held: [], skipped: [] };
  const [warehouses, courier, resolve] = await Promise.all([
    ctx.models.Warehouse.find({ sellerId }).lean(),
    ctx.models.Courier.findOne({ sellerId, isDefault: true }).lean(),
    loadSkuResolver(ctx, sellerId),
  ]);
  const touched = new Set<string>();

  for (const orderId of orderIds) {
    const head = await ctx.models.Order.findById(orderId, { sellerId: 1 }).lean();
    if (head?.sellerId !== sellerId) {
      result.skipped.push(orderId);
      continue;
    }
    await withOrder(ctx, sellerId, orderId, async (order) => {
      if (order.hubStatus !== 'pending') {
        result.skipped.push(orderId);
        return;
      }
      // Lines imported before their SKU existed are mapped again.
      const lines: OrderLine[] = order.lines.map((l) => ({ ...l, skuCode: l.skuCode ?? resolve(l) }));
      // A crashed earlier attempt may have left reservations behind: give them back first.
      await releaseHeld(ctx, order);
      const seq = order.allocationSeq + 1;
      const holds = audit({ platformState: order.platformState, address: order.address, lines });
      if (holds.length === 0 && warehouses.length === 0) holds.push({ code: 'NO_WAREHOUSE', message: holdReasons.NO_WAREHOUSE });
      if (holds.length === 0 && !courier) holds.push({ code: 'NO_COURIER', message: holdReasons.NO_COURIER });
      if (holds.length > 0) return hold(ctx, order, seq, lines, holds, result);

      const need = skuQuantities(lines);
      const levels = await ctx.models.StockLevel.find({ sellerId, skuCode: { $in: [...need.keys()] } }, { warehouseId: 1, skuCode: 1, available: 1 }).lean();
      const matrix = new Map<string, Map<string, number>>();
      for (const l of levels) {
        const row = matrix.get(l.warehouseId) ?? new Map<string, number>();
        row.set(l.skuCode, l.available);
        matrix.set(l.warehouseId, row);
      }
      const candidates = rankWarehouses(need, warehouses.map((w) => ({ id: w._id, code: w.code, priority: w.priority })), matrix as AvailabilityMatrix);
      for (const w of candidates) {
        await journalReservations(ctx, orderId, seq, reservationKeys({ orderId, seq, warehouseId: w.id }, need.keys()));
        const reservations = await reserveAll(ctx, { sellerId, orderId, seq, warehouseId: w.id }, need);
        if (!reservations) continue;
        await transition(ctx, order, {
          to: 'allocated',
          set: { lines, warehouseId: w.id, courierCode: courier!.code, reservations, allocationSeq: seq, stockState: 'reserved', holds: [] },
          entry: { type: 'allocated', by, data: { warehouse: w.code, courier: courier!.code, why: 'highest-priority warehouse that fills the whole order' } },
        });
        for (const sku of need.keys()) touched.add(sku);
        result.allocated.push(orderId);
        return;
      }
      const short = [...need].map(([sku, qty]) => `${sku}×${qty}`).join(', ');
      return hold(ctx, order, seq, lines, [{ code: 'OUT_OF_STOCK', message: `${holdReasons.OUT_OF_STOCK}: ${short}` }], result);
    });
  }
  await markStockDirty(ctx, sellerId, [...touched]);
  return result;
}

async function hold(ctx: Ctx, order: OrderDoc, seq: number, lines: OrderLine[], holds: Hold[], result: PipelineResult): Promise<void> {
  await transition(ctx, order, {
    to: 'on_hold',
    set: { lines, holds, allocationSeq: seq },
    entry: { type: 'held', by, data: { reasons: holds.map((h) => h.code) } },
  });
  result.held.push(order._id);
}
