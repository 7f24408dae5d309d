import type { AvailabilityMatrix } from '../allocation.js';
import { skuQuantities } from '../order.js';
import type { AuditEnv } from './audit-kinds.js';
import { evaluateAudit, type AuditRulesInput } from './audit-rules.js';
import { parcelWeight } from './combo.js';
import { chooseCourier, courierCoverage, type CourierOpt } from './courier-rules.js';
import type { RuleSet } from './types.js';
import { matchWarehouseRules, type WarehouseOpt } from './warehouse-rules.js';

/** What the pipeline would decide for an order: its hold codes, or the warehouse and courier. */
export interface PredictedOutcome {
  holds: string[];
  warehouse?: string;
  courier?: string;
}

export interface PredictInput extends Omit<AuditRulesInput, 'rules' | keyof AuditEnv>, AuditEnv {
  warehouses: readonly WarehouseOpt[];
  couriers: readonly CourierOpt[];
  matrix: AvailabilityMatrix;
}

/**
 * The pipeline's decision under a rule set, without merge/split and without touching stock: audit, then the
 * best warehouse that fills the order and the courier for it. Used by the dry run to compare rule sets.
 */
export function predictOutcome(input: PredictInput, rules: RuleSet): PredictedOutcome {
  const o = input.order;
  const audited = evaluateAudit({ ...input, rules, courierCovers: courierCoverage(rules, input.couriers, o.shopId) });
  if (audited.holds.length) return { holds: audited.holds.map((h) => h.code) };
  if (input.warehouses.length === 0) return { holds: ['NO_WAREHOUSE'] };
  const lines = audited.lines ?? [...o.lines];
  const need = skuQuantities(lines);
  const { candidates } = matchWarehouseRules({ warehouses: input.warehouses, rules, shopId: o.shopId, address: o.address, need, matrix: input.matrix });
  const w = candidates[0]?.warehouse;
  if (!w) return { holds: ['OUT_OF_STOCK'] };
  const c = chooseCourier({
    couriers: input.couriers, rules, shopId: o.shopId, address: o.address, warehouseCode: w.code,
    weightGrams: parcelWeight(lines, input.catalog).grams, total: o.total, cod: Boolean(o.flags?.cod),
  });
  return c.courier ? { holds: [], warehouse: w.code, courier: c.courier.code } : { holds: ['NO_COURIER'], warehouse: w.code };
}

export function sameOutcome(a: PredictedOutcome, b: PredictedOutcome): boolean {
  const ha = [...a.holds].sort().join(',');
  const hb = [...b.holds].sort().join(',');
  return ha === hb && a.warehouse === b.warehouse && a.courier === b.courier;
}
