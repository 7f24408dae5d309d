/**
 * Stock push policy (pure): what quantity a shop's listing should show, from the available stock of the
 * warehouses that feed the shop, the shop's percentage, safety buffer, minimum and maximum; combo SKUs show
 * what their components allow. "Delist at zero" takes a listing off sale at zero where the platform can.
 */

export interface StockPolicy {
  /** Warehouses whose stock feeds the shop; absent or empty means every warehouse of the seller. */
  warehouseIds?: string[];
  /** Share of the available stock shown, 0–100. */
  percent: number;
  /** Units held back before the percentage is applied. */
  buffer: number;
  /** Shown at least this many (never more than is really available after the buffer). */
  min?: number;
  /** Shown at most this many. */
  max?: number;
  /** Take the listing off sale at zero, and back on when stock returns (platforms that support it). */
  delistAtZero: boolean;
}

export const defaultStockPolicy: StockPolicy = { percent: 100, buffer: 0, delistAtZero: false };

export interface LevelView {
  warehouseId: string;
  skuCode: string;
  available: number;
}

export interface Component {
  skuCode: string;
  quantity: number;
}

/** Available stock per SKU summed over the warehouses that feed the shop (negative levels count as 0). */
export function availableForShop(levels: readonly LevelView[], warehouseIds?: readonly string[]): Map<string, number> {
  const feeds = warehouseIds && warehouseIds.length > 0 ? new Set(warehouseIds) : undefined;
  const out = new Map<string, number>();
  for (const l of levels) {
    if (feeds && !feeds.has(l.warehouseId)) continue;
    out.set(l.skuCode, (out.get(l.skuCode) ?? 0) + Math.max(0, l.available));
  }
  return out;
}

/** How many combos the components allow: the scarcest component decides (0 when a component has no stock). */
export function comboAvailable(components: readonly Component[], available: ReadonlyMap<string, number>): number {
  if (components.length === 0) return 0;
  return Math.min(...components.map((c) => (c.quantity > 0 ? Math.floor((available.get(c.skuCode) ?? 0) / c.quantity) : 0)));
}

export interface PushDecision {
  quantity: number;
  /** false: take off sale, true: put (back) on sale, undefined: leave the listing's status alone. */
  listed?: boolean;
}

/** Applies the policy to the available quantity of one listing. */
export function applyStockPolicy(available: number, policy: StockPolicy, canDelist: boolean): PushDecision {
  const afterBuffer = Math.max(0, Math.floor(available) - Math.max(0, policy.buffer));
  let q = Math.floor((afterBuffer * Math.min(100, Math.max(0, policy.percent))) / 100);
  if (policy.min !== undefined) q = Math.max(q, Math.min(policy.min, afterBuffer));
  if (policy.max !== undefined) q = Math.min(q, policy.max);
  q = Math.max(0, q);
  if (!policy.delistAtZero || !canDelist) return { quantity: q };
  return { quantity: q, listed: q > 0 };
}

/** Why a policy is not acceptable, or undefined when it is. */
export function policyProblem(p: StockPolicy): string | undefined {
  if (p.min !== undefined && p.max !== undefined && p.min > p.max) return `min (${p.min}) is above max (${p.max})`;
  if (p.percent < 0 || p.percent > 100) return 'percent must be between 0 and 100';
  return undefined;
}
