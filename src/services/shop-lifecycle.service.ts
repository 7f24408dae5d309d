import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { newSecret } from '../crypto.js';
import { AppError } from '../errors.js';
import { getShop } from './shops.service.js';

/**
 * Pause, resume and delete a shop. Every sync and push path acts only on `status: 'active'` shops, so a
 * paused shop is neither pulled nor pushed to. Deleting wipes the credentials and retires the webhook token;
 * the shop record stays as a tombstone so its orders (kept) still name it.
 */
export async function pauseShop(ctx: Ctx, sellerId: string, shopId: string): Promise<ShopDoc> {
  const shop = await getShop(ctx, sellerId, shopId);
  if (shop.status === 'deleted') throw new AppError('CONFLICT', `shop ${shopId} is deleted`);
  if (shop.status !== 'paused') await ctx.models.Shop.updateOne({ _id: shop._id, sellerId }, { $set: { status: 'paused', pausedAt: ctx.now(), statusReason: 'paused by the seller' } });
  return getShop(ctx, sellerId, shopId);
}

export async function resumeShop(ctx: Ctx, sellerId: string, shopId: string): Promise<ShopDoc> {
  const shop = await getShop(ctx, sellerId, shopId);
  if (shop.status === 'deleted') throw new AppError('CONFLICT', `shop ${shopId} is deleted`);
  if (shop.status === 'paused') {
    await ctx.models.Shop.updateOne({ _id: shop._id, sellerId, status: 'paused' }, { $set: { status: 'active' }, $unset: { pausedAt: 1, statusReason: 1 } });
  }
  return getShop(ctx, sellerId, shopId);
}

export async function deleteShop(ctx: Ctx, sellerId: string, shopId: string): Promise<void> {
  const shop = await getShop(ctx, sellerId, shopId);
  if (shop.status === 'deleted') return;
  await ctx.models.Shop.updateOne({ _id: shop._id, sellerId }, {
    $set: { status: 'deleted', deletedAt: ctx.now(), credentialsEnc: '', webhookToken: newSecret('gone', 18), statusReason: 'deleted by the seller' },
    $unset: { 'sync.inProgress': 1 },
  });
  ctx.log.info({ shopId: shop._id, sellerId }, 'shop deleted; credentials wiped, orders kept');
}
