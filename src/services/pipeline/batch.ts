import type { Ctx } from '../../context.js';
import type { SkuResolver } from '../../domain/order-mapping.js';
import { loadSkuResolver } from '../sku-resolver.js';

export interface BatchWarehouse {
  id: string;
  code: string;
  priority: number;
  region?: string;
}

export interface BatchCourier {
  id: string;
  code: string;
  name: string;
  isDefault: boolean;
}

/** What a pipeline run loads once per batch of a seller's orders (rules, catalogue, warehouses, couriers). */
export interface PipelineBatch {
  sellerId: string;
  now: Date;
  warehouses: BatchWarehouse[];
  couriers: BatchCourier[];
  resolve: SkuResolver;
}

export async function loadBatch(ctx: Ctx, sellerId: string): Promise<PipelineBatch> {
  const [warehouses, couriers, resolve] = await Promise.all([
    ctx.models.Warehouse.find({ sellerId }).lean(),
    ctx.models.Courier.find({ sellerId }).lean(),
    loadSkuResolver(ctx, sellerId),
  ]);
  return {
    sellerId,
    now: ctx.now(),
    warehouses: warehouses.map((w) => ({ id: w._id, code: w.code, priority: w.priority, region: w.region })),
    couriers: couriers.map((c) => ({ id: c._id, code: c.code, name: c.name, isDefault: Boolean(c.isDefault) })),
    resolve,
  };
}
