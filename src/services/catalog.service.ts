import type { Ctx } from '../context.js';
import type { CourierDoc } from '../db/models/courier.model.js';
import type { SkuDoc } from '../db/models/sku.model.js';
import type { WarehouseDoc } from '../db/models/warehouse.model.js';
import { AppError, isDuplicateKeyError } from '../errors.js';
import { newId } from '../ids.js';

async function insertUnique<T>(create: () => Promise<T>, what: string, code: string): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new AppError('DUPLICATE', `${what} with code ${code} already exists`, { code });
    throw err;
  }
}

export async function createWarehouse(ctx: Ctx, sellerId: string, input: { code: string; name: string; region?: string; priority?: number }): Promise<WarehouseDoc> {
  const doc = { _id: newId('wh', ctx.now()), sellerId, priority: 100, ...input };
  await insertUnique(() => ctx.models.Warehouse.create(doc), 'warehouse', input.code);
  return (await ctx.models.Warehouse.findById(doc._id).lean<WarehouseDoc>())!;
}

export async function createSku(ctx: Ctx, sellerId: string, input: { code: string; name: string; weight?: number; components?: { skuCode: string; quantity: number }[] }): Promise<SkuDoc> {
  const doc = { _id: newId('sku', ctx.now()), sellerId, ...input };
  await insertUnique(() => ctx.models.Sku.create(doc), 'sku', input.code);
  return (await ctx.models.Sku.findById(doc._id).lean<SkuDoc>())!;
}

/** Creates a courier; the first one, or one created with isDefault, becomes the default. */
export async function createCourier(ctx: Ctx, sellerId: string, input: { code: string; name: string; isDefault?: boolean }): Promise<CourierDoc> {
  const hasDefault = await ctx.models.Courier.exists({ sellerId, isDefault: true });
  const isDefault = input.isDefault ?? !hasDefault;
  const doc = { _id: newId('cour', ctx.now()), sellerId, code: input.code, name: input.name, isDefault };
  await ctx.locks.withLock(`couriers:${sellerId}`, async () => {
    await insertUnique(() => ctx.models.Courier.create(doc), 'courier', input.code);
    if (isDefault) await ctx.models.Courier.updateMany({ sellerId, _id: { $ne: doc._id } }, { $set: { isDefault: false } });
  });
  return (await ctx.models.Courier.findById(doc._id).lean<CourierDoc>())!;
}

/** Refuses the whole request when any SKU code is unknown, naming every unknown one. */
export async function requireSkus(ctx: Ctx, sellerId: string, codes: readonly string[]): Promise<void> {
  const unique = [...new Set(codes)];
  const found = await ctx.models.Sku.find({ sellerId, code: { $in: unique } }, { code: 1 }).lean();
  const known = new Set(found.map((s) => s.code));
  const missing = unique.filter((c) => !known.has(c));
  if (missing.length > 0) throw new AppError('UNKNOWN_SKU', `unknown sku: ${missing.join(', ')}`, { skuCodes: missing });
}
