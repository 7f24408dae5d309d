import type { OrderDoc } from '../../db/models/order.model.js';
import type { Hold, OrderLine } from '../../domain/order.js';
import { evaluateAudit } from '../../domain/rules/audit-rules.js';
import { courierCoverage } from '../../domain/rules/courier-rules.js';
import type { TraceEntry } from '../../domain/trace.js';
import type { PipelineBatch } from './batch.js';

export interface AuditStepResult {
  holds: Hold[];
  trace: TraceEntry[];
  /** When a hold clears by itself (e.g. a hold-until date), the time to run the order again. */
  recheckAt?: Date;
  /**
   * The lines with combo/bundle SKUs expanded into their components (each component line keeps the platform
   * line's id in `parentLineId`); absent when no line is a combo. Stock is reserved for these lines.
   */
  lines?: OrderLine[];
}

/** Hold codes customer service released the order from (timeline `released` entries): review rules let them pass. */
export function acknowledgedHolds(order: Pick<OrderDoc, 'timeline'>): Set<string> {
  const codes = new Set<string>();
  for (const e of order.timeline ?? []) {
    const holds = e.type === 'released' ? (e.data?.holds as unknown) : undefined;
    if (Array.isArray(holds)) for (const c of holds) if (typeof c === 'string') codes.add(c);
  }
  return codes;
}

/** 审单: the built-in checks, then the seller's audit rules (rules as data, see src/domain/rules). */
export function auditStep(batch: PipelineBatch, order: OrderDoc, lines: OrderLine[]): AuditStepResult {
  const rules = batch.rules ?? { rules: [] };
  const twin = batch.twins ? (batch.twins.get(order._id) ?? null) : undefined;
  return evaluateAudit({
    now: batch.now,
    order: {
      id: order._id, shopId: order.shopId, platformState: order.platformState, platformCreatedAt: new Date(order.platformCreatedAt), currency: order.currency,
      total: order.amounts.total, buyer: order.buyer ?? {}, address: order.address, remarks: order.remarks, flags: order.flags, lines,
    },
    rules,
    catalog: batch.catalog ?? new Map(),
    acknowledged: acknowledgedHolds(order),
    twin,
    courierCovers: courierCoverage(rules, batch.couriers, order.shopId),
  });
}
