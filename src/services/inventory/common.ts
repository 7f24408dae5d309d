import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { stockLevelId } from '../../db/models/stock-level.model.js';
import type { WarehouseDoc } from '../../db/models/warehouse.model.js';
import { AppError } from '../../errors.js';

/** Who did it: the `X-Actor` header (a clerk or scanner id) when given, else the seller's API key. */
export function actorOf(headers: Record<string, string | string[] | undefined>, sellerId: string): string {
  const h = headers['x-actor'];
  const v = (Array.isArray(h) ? h[0] : h)?.trim();
  return v && v.length <= 100 ? v : `seller:${sellerId}`;
}

export async function warehouseByCode(ctx: Ctx, sellerId: string, code: string): Promise<WarehouseDoc> {
  const w = await ctx.models.Warehouse.findOne({ sellerId, code }).lean<WarehouseDoc>();
  if (!w) throw new AppError('UNKNOWN_WAREHOUSE', `warehouse ${code} does not exist`);
  return w;
}


/** A document id derived from a client idempotency key, so a retried create inserts the same id. */
export const idFromKey = (prefix: string, sellerId: string, key: string) =>
  `${prefix}_k${createHash('sha1').update(`${sellerId}\u0000${key}`).digest('hex').slice(0, 20)}`;

/** Serializes writers of one inventory document (the store applies no update atomically). */
export const withDocLock = <T>(ctx: Ctx, key: string, fn: () => Promise<T>) =>
  ctx.locks.withLock(`inv:${key}`, fn, { ttlMs: 30_000, waitMs: 30_000 });

/** The exact ledger state of a level now: the cached level caught up with any newer entries. */
export async function ledgerHead(ctx: Ctx, sellerId: string, warehouseId: string, skuCode: string) {
  const levelId = stockLevelId(sellerId, warehouseId, skuCode);
  const cached = await ctx.models.StockLevel.findById(levelId, { seq: 1, onHand: 1, reserved: 1 }).lean();
  return ctx.ledger.catchUp(levelId, cached ? { seq: cached.seq, onHand: cached.onHand, reserved: cached.reserved } : { seq: 0, onHand: 0, reserved: 0 });
}

export { requireSkus } from '../catalog.service.js';
