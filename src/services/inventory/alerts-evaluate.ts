import type { Ctx } from '../../context.js';
import type { AlertRuleDoc } from '../../db/models/inventory-alert-rule.model.js';
import type { AlertDoc } from '../../db/models/inventory-alert.model.js';
import { decideAlert, type Suggestion } from '../../domain/inventory-alerts.js';
import { isDuplicateKeyError } from '../../errors.js';
import { appendEvents } from '../events.js';
import { withDocLock } from './common.js';
import { replenishmentFor } from './alerts-suggest.js';

/** available per warehouse of the SKUs, from the cached levels. */
async function availability(ctx: Ctx, sellerId: string, skuCodes: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const levels = await ctx.models.StockLevel.find({ sellerId, skuCode: { $in: [...skuCodes] } }, { skuCode: 1, warehouseId: 1, available: 1 }).lean();
  const out = new Map<string, Map<string, number>>();
  for (const l of levels) {
    const row = out.get(l.skuCode) ?? new Map<string, number>();
    row.set(l.warehouseId, l.available);
    out.set(l.skuCode, row);
  }
  return out;
}

/**
 * Re-evaluates the low-stock rules of some SKUs (all when absent): raises an alert when a rule's available
 * stock is below its threshold and no alert of it is open; resolves the open one (re-arming the rule)
 * when stock is back at or above it. Safe to run as often as wanted: nothing happens without a crossing.
 */
export async function evaluateAlerts(ctx: Ctx, sellerId: string, skuCodes?: readonly string[]): Promise<{ raised: AlertDoc[]; resolved: string[] }> {
  const filter: Record<string, unknown> = { sellerId };
  if (skuCodes) {
    if (skuCodes.length === 0) return { raised: [], resolved: [] };
    filter.skuCode = { $in: [...skuCodes] };
  }
  const rules = await ctx.models.InventoryAlertRule.find(filter).lean<AlertRuleDoc[]>();
  if (rules.length === 0) return { raised: [], resolved: [] };
  const avail = await availability(ctx, sellerId, [...new Set(rules.map((r) => r.skuCode))]);
  const raised: AlertDoc[] = [];
  const resolved: string[] = [];
  for (const rule of rules) {
    const row = avail.get(rule.skuCode) ?? new Map<string, number>();
    const available = rule.warehouseId ? (row.get(rule.warehouseId) ?? 0) : [...row.values()].reduce((a, b) => a + b, 0);
    await withDocLock(ctx, `alert:${rule._id}`, async () => {
      const last = await ctx.models.InventoryAlert.findOne({ ruleId: rule._id }).sort({ episode: -1 }).lean<AlertDoc>();
      const decision = decideAlert(available, rule.threshold, last?.status === 'open');
      if (decision === 'raise') {
        const suggestion = await replenishmentFor(ctx, rule, available, row);
        const alert = await raise(ctx, rule, (last?.episode ?? 0) + 1, available, suggestion);
        if (alert) raised.push(alert);
      } else if (decision === 'resolve' && last) {
        const now = ctx.now();
        await ctx.models.InventoryAlert.updateOne({ _id: last._id }, { $set: { status: 'resolved', resolvedAt: now, availableAtResolve: available, updatedAt: now } });
        await appendEvents(ctx.models, [{ _id: `alert.cleared:${last._id}`, sellerId, type: 'alert.low_stock_cleared', subject: { kind: 'alert', id: last._id }, data: { skuCode: rule.skuCode, warehouseId: rule.warehouseId, available } }], now);
        resolved.push(last._id);
      }
    });
  }
  return { raised, resolved };
}

async function raise(ctx: Ctx, rule: AlertRuleDoc, episode: number, available: number, suggestion: Suggestion): Promise<AlertDoc | null> {
  const now = ctx.now();
  const alert: AlertDoc = {
    _id: `${rule._id}#${episode}`, sellerId: rule.sellerId, ruleId: rule._id, episode, skuCode: rule.skuCode, warehouseId: rule.warehouseId,
    status: 'open', threshold: rule.threshold, availableAtRaise: available, suggestion, raisedAt: now, updatedAt: now,
  };
  try {
    await ctx.models.InventoryAlert.collection.insertOne(alert as never);
  } catch (err) {
    if (isDuplicateKeyError(err)) return null; // raised by a concurrent evaluation
    throw err;
  }
  await appendEvents(ctx.models, [{
    _id: `alert.low_stock:${alert._id}`, sellerId: rule.sellerId, type: 'alert.low_stock', subject: { kind: 'alert', id: alert._id },
    data: { skuCode: rule.skuCode, warehouseId: rule.warehouseId, available, threshold: rule.threshold, suggestion },
  }], now);
  ctx.log.info({ alertId: alert._id, skuCode: rule.skuCode, available }, 'low-stock alert raised');
  return alert;
}
