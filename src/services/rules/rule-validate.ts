import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { parseRuleParams, type RuleKind } from '../../domain/rules/schemas.js';
import { AppError } from '../../errors.js';

/** Parses a kind's params into their stored form, or refuses with INVALID_RULE naming every problem. */
export function validParams(kind: RuleKind, params: unknown): Record<string, unknown> {
  try {
    return parseRuleParams(kind, params) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    const issues = err.issues.map((i) => ({ path: ['params', ...i.path].join('.'), message: i.message }));
    throw new AppError('INVALID_RULE', `invalid ${kind} rule: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
  }
}

/** Refuses a rule naming a shop, warehouse or courier the seller does not have. */
export async function checkReferences(ctx: Ctx, sellerId: string, kind: RuleKind, params: Record<string, unknown>, shopIds: readonly string[]): Promise<void> {
  const [shops, warehouses, couriers] = await Promise.all([
    shopIds.length ? ctx.models.Shop.find({ sellerId }, { _id: 1 }).lean() : [],
    kind === 'warehouse' || kind === 'warehouse_set' || kind === 'courier' ? ctx.models.Warehouse.find({ sellerId }, { code: 1 }).lean() : [],
    kind === 'courier' ? ctx.models.Courier.find({ sellerId }, { code: 1 }).lean() : [],
  ]);
  const missingShops = shopIds.filter((s) => !shops.some((x) => x._id === s));
  if (missingShops.length) throw new AppError('UNKNOWN_SHOP', `unknown shop: ${missingShops.join(', ')}`, { shopIds: missingShops });
  const whCodes = new Set(warehouses.map((w) => w.code));
  const wanted = [params.warehouseCode, ...((params.warehouseCodes as string[] | undefined) ?? [])].filter((c): c is string => typeof c === 'string');
  const missingWh = wanted.filter((c) => !whCodes.has(c));
  if (missingWh.length) throw new AppError('UNKNOWN_WAREHOUSE', `unknown warehouse: ${missingWh.join(', ')}`, { warehouseCodes: missingWh });
  if (kind === 'courier' && !couriers.some((c) => c.code === params.courierCode)) {
    throw new AppError('UNKNOWN_COURIER', `unknown courier: ${String(params.courierCode)}`);
  }
}
