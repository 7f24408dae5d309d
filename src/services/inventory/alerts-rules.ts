import type { Ctx } from '../../context.js';
import { alertRuleId, type AlertRuleDoc } from '../../db/models/inventory-alert-rule.model.js';
import { notFound } from '../../errors.js';
import { evaluateAlerts } from './alerts-evaluate.js';
import { requireSkus, warehouseByCode, withDocLock } from './common.js';

export interface RuleInput {
  skuCode: string;
  warehouseCode?: string;
  threshold: number;
  leadTimeDays: number;
  coverDays: number;
}

/** Sets the threshold of a SKU (over all warehouses, or in one), then evaluates it at once. */
export async function putAlertRule(ctx: Ctx, sellerId: string, by: string, input: RuleInput): Promise<AlertRuleDoc> {
  await requireSkus(ctx, sellerId, [input.skuCode]);
  const warehouseId = input.warehouseCode ? (await warehouseByCode(ctx, sellerId, input.warehouseCode))._id : null;
  const _id = alertRuleId(sellerId, input.skuCode, warehouseId);
  const doc: AlertRuleDoc = {
    _id, sellerId, skuCode: input.skuCode, warehouseId, threshold: input.threshold, leadTimeDays: input.leadTimeDays,
    coverDays: input.coverDays, updatedBy: by, updatedAt: ctx.now(),
  };
  await withDocLock(ctx, `alert:${_id}`, () => ctx.models.InventoryAlertRule.replaceOne({ _id }, doc, { upsert: true }));
  await evaluateAlerts(ctx, sellerId, [input.skuCode]);
  return doc;
}

export async function deleteAlertRule(ctx: Ctx, sellerId: string, skuCode: string, warehouseCode?: string): Promise<void> {
  const warehouseId = warehouseCode ? (await warehouseByCode(ctx, sellerId, warehouseCode))._id : null;
  const _id = alertRuleId(sellerId, skuCode, warehouseId);
  const res = await ctx.models.InventoryAlertRule.deleteOne({ _id, sellerId });
  if (res.deletedCount === 0) throw notFound('alert rule', `${skuCode}${warehouseCode ? `@${warehouseCode}` : ''}`);
}
