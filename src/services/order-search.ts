import type { Ctx } from '../context.js';
import type { OrderDoc } from '../db/models/order.model.js';

/** The fields `GET /v1/orders?q=` matches exactly, each under its own `{sellerId, field}` index (see order.model.ts). */
export const searchFields = ['platformOrderId', 'buyer.phone', 'address.phone', 'waybillNumber', 'shipments.trackingNumber'] as const;

/**
 * A seller's orders whose platform order number, buyer or recipient phone, waybill or tracking number is `q`,
 * newest change first. One equality query per field, side by side (an `$or` would not reach the store's
 * indexes on FerretDB), merged without duplicates.
 */
export async function searchOrders(ctx: Ctx, sellerId: string, q: string, limit: number): Promise<OrderDoc[]> {
  const found = await Promise.all(searchFields.map((f) => ctx.models.Order.find({ sellerId, [f]: q }, { timeline: 0 }).limit(limit).lean<OrderDoc[]>()));
  const byId = new Map(found.flat().map((o) => [o._id, o]));
  return [...byId.values()].sort((a, b) => new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime() || a._id.localeCompare(b._id)).slice(0, limit);
}
