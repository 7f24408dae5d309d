import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { makeSkuResolver, type SkuResolver } from '../../domain/order-mapping.js';
import type { SkuCatalog } from '../../domain/rules/combo.js';
import type { RuleSet } from '../../domain/rules/types.js';
import { loadTwins, type Twin } from '../rules/fingerprints.js';
import { duplicateWindowMs, loadRuleSet } from '../rules/rule-set.js';

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
  /** The seller's enabled rules (audit, warehouse, courier), in evaluation order. */
  rules?: RuleSet;
  /** SKU weights and combo components by code. */
  catalog?: SkuCatalog;
  /** Duplicate detection: per order of the batch, the first order with the same buyer and lines (absent: not loaded). */
  twins?: ReadonlyMap<string, Twin>;
}

/**
 * Loads what every order of a batch shares. Pass the batch's `orderIds` so that duplicate detection can
 * look up (and claim) their fingerprints; without them a duplicate rule reports "skip".
 */
export async function loadBatch(ctx: Ctx, sellerId: string, orderIds?: readonly string[], loaded?: readonly OrderDoc[]): Promise<PipelineBatch> {
  const [warehouses, couriers, skus, listings, rules] = await Promise.all([
    ctx.models.Warehouse.find({ sellerId }).lean(),
    ctx.models.Courier.find({ sellerId }).lean(),
    ctx.models.Sku.find({ sellerId }, { code: 1, weight: 1, components: 1 }).lean(),
    ctx.models.Listing.find({ sellerId }, { skuCode: 1, platformSku: 1, platformVariantId: 1 }).lean(),
    loadRuleSet(ctx, sellerId),
  ]);
  const map = new Map<string, string>();
  for (const l of listings) {
    if (l.platformVariantId) map.set(`v:${l.platformVariantId}`, l.skuCode);
    if (l.platformSku) map.set(`s:${l.platformSku}`, l.skuCode);
  }
  const resolve = makeSkuResolver(new Set(skus.map((s) => s.code)), map);
  const catalog: SkuCatalog = new Map(skus.map((s) => [s.code, { weight: s.weight ?? undefined, components: s.components?.length ? s.components : undefined }]));
  const windowMs = duplicateWindowMs(rules);
  const twins = windowMs !== undefined && orderIds?.length ? await batchTwins(ctx, sellerId, orderIds, resolve, windowMs, loaded) : undefined;
  return {
    sellerId,
    now: ctx.now(),
    warehouses: warehouses.map((w) => ({ id: w._id, code: w.code, priority: w.priority, region: w.region })),
    couriers: couriers.map((c) => ({ id: c._id, code: c.code, name: c.name, isDefault: Boolean(c.isDefault) })),
    resolve,
    rules,
    catalog,
    ...(twins ? { twins } : {}),
  };
}

/** `loaded`: the batch's orders, when the caller has already read them (then no order is read here). */
async function batchTwins(ctx: Ctx, sellerId: string, orderIds: readonly string[], resolve: SkuResolver, windowMs: number, loaded?: readonly OrderDoc[]) {
  const fields = { sellerId: 1, hubStatus: 1, buyer: 1, address: 1, lines: 1, platformCreatedAt: 1 };
  const docs = loaded ?? await Promise.all(orderIds.map((id) => ctx.models.Order.findById(id, fields).lean<OrderDoc>()));
  const orders = docs
    .filter((d): d is OrderDoc => d !== null && d.sellerId === sellerId && (d.hubStatus === 'pending' || d.hubStatus === 'on_hold'))
    .map((d) => ({ ...d, lines: d.lines.map((l) => ({ ...l, skuCode: l.skuCode ?? resolve(l) })) }));
  return loadTwins(ctx, sellerId, orders, { record: true, windowMs });
}
