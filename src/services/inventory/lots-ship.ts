import type { Ctx } from '../../context.js';
import type { Reservation } from '../../domain/order.js';
import { pickFefo } from '../../domain/inventory-lots.js';
import { withDocLock } from './common.js';
import { lotsOf, recordLotEntry } from './lots.js';

/**
 * When an order ships, the units of lot-tracked SKUs leave their lots first-expiry-first (the main ledger
 * moved already). Units beyond what unexpired lots hold come from the part of stock in no lot. Lots picked
 * by hand for this order (POST /v1/inventory/lots/picks with its id) are not picked again; a retry records
 * nothing twice (keys per order, warehouse, SKU and lot).
 */
export async function consumeLotsForShipment(ctx: Ctx, sellerId: string, orderId: string, shipped: readonly Reservation[]): Promise<void> {
  for (const r of shipped) {
    await withDocLock(ctx, `lots:${r.warehouseId}:${r.skuCode}`, async () => {
      const lots = await lotsOf(ctx, sellerId, r.warehouseId, r.skuCode);
      if (lots.length === 0) return;
      const prior = await ctx.models.InventoryLotEntry.find({ sellerId, skuCode: r.skuCode, 'reference.id': orderId }, { reference: 1, warehouseId: 1, delta: 1 }).lean();
      if (prior.some((e) => e.reference.kind === 'order')) return; // picked by hand
      // What an interrupted earlier attempt took already; the keys carry it, so a retry with no progress repeats exactly.
      const done = -prior.filter((e) => e.reference.kind === 'shipment' && e.warehouseId === r.warehouseId).reduce((a, e) => a + e.delta, 0);
      if (done >= r.quantity) return;
      const { picks } = pickFefo(lots, r.quantity - done, ctx.now());
      for (const p of picks) {
        await recordLotEntry(ctx, {
          sellerId, warehouseId: r.warehouseId, skuCode: r.skuCode, lotNumber: p.lotNumber, expiresAt: p.expiresAt, delta: -p.quantity,
          key: `lot-ship:${orderId}:${r.warehouseId}:${r.skuCode}:${p.lotNumber}:${done}`, reference: { kind: 'shipment', id: orderId }, by: 'shipping',
        });
      }
    });
  }
}
