import type { Ctx } from '../../context.js';
import type { ShopDoc } from '../../db/models/shop.model.js';
import { appendEvents } from '../events.js';

/** Records a shop's trouble in the outbox, at most once an hour per shop and kind (the event id carries the hour). */
export async function shopEvent(ctx: Ctx, shop: Pick<ShopDoc, '_id' | 'sellerId'>, type: 'shop.needs_reauth' | 'shop.sync_failed'): Promise<void> {
  const hour = Math.floor(ctx.now().getTime() / 3_600_000);
  await appendEvents(ctx.models, [{ _id: `${type}:${shop._id}:${hour}`, sellerId: shop.sellerId, type, subject: { kind: 'shop', id: shop._id }, data: {} }], ctx.now());
}
