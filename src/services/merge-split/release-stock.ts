import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { releaseHeld } from '../order-stock.js';

/**
 * Gives back every reservation an order holds (or that a crashed attempt left behind) before the order is
 * reworked (merged, split, re-run). `releasing` is written first: if this process dies halfway, the sweeper
 * finishes the release. Caller holds the order's lock and records `stockState: 'released'` with its next write.
 * Returns the SKUs whose availability changed and the fields the caller's next write of the order sets.
 */
export async function releaseForRework(ctx: Ctx, o: OrderDoc): Promise<{ skus: string[]; set: Partial<OrderDoc> }> {
  const holds = o.stockState === 'reserved' || o.stockState === 'releasing' || (o.stockKeys?.length ?? 0) > 0;
  if (!holds) return { skus: [], set: { reservations: [] } };
  await ctx.models.Order.updateOne({ _id: o._id }, { $set: { stockState: 'releasing' } });
  await releaseHeld(ctx, o);
  return { skus: [...new Set(o.reservations.map((r) => r.skuCode))], set: { reservations: [], stockState: 'released', warehouseId: undefined } };
}
