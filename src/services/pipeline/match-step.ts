import type { OrderDoc } from '../../db/models/order.model.js';
import { rankWarehouses, type AvailabilityMatrix } from '../../domain/allocation.js';
import type { TraceEntry } from '../../domain/trace.js';
import type { BatchCourier, BatchWarehouse, PipelineBatch } from './batch.js';

export interface WarehouseCandidate {
  warehouse: BatchWarehouse;
  why: string;
}

/** Warehouses that can fill the whole order, best first, with why. */
export function matchWarehouses(batch: PipelineBatch, _order: OrderDoc, need: ReadonlyMap<string, number>, matrix: AvailabilityMatrix): { candidates: WarehouseCandidate[]; trace: TraceEntry[] } {
  const ranked = rankWarehouses(need, batch.warehouses.map((w) => ({ id: w.id, code: w.code, priority: w.priority })), matrix);
  const byId = new Map(batch.warehouses.map((w) => [w.id, w]));
  const candidates = ranked.map((r) => ({ warehouse: byId.get(r.id)!, why: 'highest-priority warehouse that fills the whole order' }));
  const trace: TraceEntry[] = batch.warehouses.map((w) => ({
    step: 'warehouse', ruleId: 'builtin:priority-full-fill', version: 1,
    outcome: candidates.some((c) => c.warehouse.id === w.id) ? 'pass' : 'rejected', detail: w.code,
  }));
  return { candidates, trace };
}

/** The courier for a parcel from `warehouse`: the seller's default. */
export function matchCourier(batch: PipelineBatch, _order: OrderDoc, _warehouse: BatchWarehouse): { courier?: BatchCourier; why: string; trace: TraceEntry[] } {
  const courier = batch.couriers.find((c) => c.isDefault);
  return {
    courier,
    why: courier ? 'default courier' : 'no default courier',
    trace: [{ step: 'courier', ruleId: 'builtin:default-courier', version: 1, outcome: courier ? 'chosen' : 'rejected', detail: courier?.code }],
  };
}
