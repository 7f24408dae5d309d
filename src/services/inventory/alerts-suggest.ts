import type { Ctx } from '../../context.js';
import type { AlertRuleDoc } from '../../db/models/inventory-alert-rule.model.js';
import { dailyVelocity, suggestReplenishment, type Suggestion } from '../../domain/inventory-alerts.js';
import { suppliersForSku } from '../purchasing/supplier-score.js';
import { inTransit } from './transfer-transit.js';

export const VELOCITY_WINDOW_DAYS = 28;

/**
 * A purchase or transfer suggestion for a rule that went below its threshold: velocity from the units
 * shipped (ledger deductions) over the last weeks, the best supplier's lead time (else the rule's), stock in transit, and
 * for a warehouse rule, other warehouses' surplus above their own thresholds.
 */
export async function replenishmentFor(ctx: Ctx, rule: AlertRuleDoc, available: number, availableByWarehouse: ReadonlyMap<string, number>): Promise<Suggestion> {
  const since = new Date(ctx.now().getTime() - VELOCITY_WINDOW_DAYS * 86_400_000);
  const q: Record<string, unknown> = { sellerId: rule.sellerId, skuCode: rule.skuCode, type: 'deduct', at: { $gte: since } };
  if (rule.warehouseId) q.warehouseId = rule.warehouseId;
  const deductions = await ctx.models.StockMovement.find(q, { onHandDelta: 1 }).lean();
  const shipped = deductions.reduce((a, d) => a - d.onHandDelta, 0);
  const transit = await inTransit(ctx, rule.sellerId, { skuCodes: [rule.skuCode], ...(rule.warehouseId ? { toWarehouseId: rule.warehouseId } : {}) });
  let donors: { warehouseId: string; surplus: number }[] = [];
  if (rule.warehouseId) {
    const others = await ctx.models.InventoryAlertRule.find({ sellerId: rule.sellerId, skuCode: rule.skuCode, warehouseId: { $ne: null } }, { warehouseId: 1, threshold: 1 }).lean();
    const floor = new Map(others.map((o) => [o.warehouseId!, o.threshold]));
    donors = [...availableByWarehouse]
      .filter(([w]) => w !== rule.warehouseId)
      .map(([warehouseId, a]) => ({ warehouseId, surplus: a - (floor.get(warehouseId) ?? 0) }))
      .sort((a, b) => b.surplus - a.surplus);
  }
  // The lead time of the supplier purchasing would pick for this SKU; the rule's own when none quotes it.
  const best = (await suppliersForSku(ctx, rule.sellerId, rule.skuCode))[0];
  return suggestReplenishment({
    available, threshold: rule.threshold, dailyVelocity: dailyVelocity(shipped, VELOCITY_WINDOW_DAYS),
    leadTimeDays: best?.leadTimeDays ?? rule.leadTimeDays, coverDays: rule.coverDays,
    incoming: transit.reduce((a, r) => a + r.quantity, 0), donors,
  });
}
