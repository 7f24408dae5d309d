import type { OrderDoc } from '../../db/models/order.model.js';
import type { AvailabilityMatrix } from '../../domain/allocation.js';
import { expandCombos, parcelWeight } from '../../domain/rules/combo.js';
import { chooseCourier } from '../../domain/rules/courier-rules.js';
import { matchWarehouseRules } from '../../domain/rules/warehouse-rules.js';
import type { TraceEntry } from '../../domain/trace.js';
import type { BatchCourier, BatchWarehouse, PipelineBatch } from './batch.js';

export interface WarehouseCandidate {
  warehouse: BatchWarehouse;
  why: string;
}

/** Warehouses that can ship the whole order (shop set, region coverage, stock), best first, with why. */
export function matchWarehouses(batch: PipelineBatch, order: OrderDoc, need: ReadonlyMap<string, number>, matrix: AvailabilityMatrix): { candidates: WarehouseCandidate[]; trace: TraceEntry[] } {
  return matchWarehouseRules({ warehouses: batch.warehouses, rules: batch.rules ?? { rules: [] }, shopId: order.shopId, address: order.address, need, matrix });
}

/** The courier for the order's parcel from `warehouse`: courier rules (region, weight, amount, COD, cost), then the fallback. */
export function matchCourier(batch: PipelineBatch, order: OrderDoc, warehouse: BatchWarehouse): { courier?: BatchCourier; why: string; trace: TraceEntry[] } {
  const catalog = batch.catalog ?? new Map();
  const lines = order.lines.map((l) => ({ ...l, skuCode: l.skuCode ?? batch.resolve(l) }));
  const hasParents = lines.some((l) => l.parentLineId);
  const { grams, unweighed } = parcelWeight(hasParents ? lines : expandCombos(lines, catalog).lines, catalog);
  const r = chooseCourier({
    couriers: batch.couriers, rules: batch.rules ?? { rules: [] }, shopId: order.shopId, address: order.address, warehouseCode: warehouse.code,
    weightGrams: grams, total: order.amounts.total, cod: Boolean(order.flags?.cod),
  });
  if (unweighed.length) r.trace.unshift({ step: 'courier', outcome: 'info', detail: `no weight for ${unweighed.join(', ')}: counted as 0 g` });
  return r;
}

/** The courier for a parcel from `warehouse`: the one customer service pinned on the order, else the rules' choice. */
export function courierFor(batch: PipelineBatch, order: OrderDoc, warehouse: BatchWarehouse): { courier?: BatchCourier; why: string; trace: TraceEntry[] } {
  const pinned = order.assignedCourierCode ? batch.couriers.find((x) => x.code === order.assignedCourierCode) : undefined;
  return pinned
    ? { courier: pinned, why: 'assigned by customer service', trace: [{ step: 'courier', ruleId: 'cs:assigned', outcome: 'chosen', detail: pinned.code }] }
    : matchCourier(batch, order, warehouse);
}

/** The warehouses to try, in order: the rules' candidates, or only the one customer service pinned on the order. */
export function warehouseCandidates(batch: PipelineBatch, order: OrderDoc, need: ReadonlyMap<string, number>, matrix: AvailabilityMatrix): { candidates: WarehouseCandidate[]; trace: TraceEntry[] } {
  const matched = matchWarehouses(batch, order, need, matrix);
  if (!order.assignedWarehouseId) return matched;
  const candidates = matched.candidates.filter((c) => c.warehouse.id === order.assignedWarehouseId);
  return { candidates, trace: [...matched.trace, { step: 'warehouse', ruleId: 'cs:assigned', outcome: candidates.length > 0 ? 'chosen' : 'rejected', detail: order.assignedWarehouseId }] };
}
