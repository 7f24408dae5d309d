import type { OrderDoc } from '../../db/models/order.model.js';
import { audit } from '../../domain/audit.js';
import type { Hold, OrderLine } from '../../domain/order.js';
import type { TraceEntry } from '../../domain/trace.js';
import type { PipelineBatch } from './batch.js';

export interface AuditStepResult {
  holds: Hold[];
  trace: TraceEntry[];
  /** When a hold clears by itself (e.g. a hold-until date), the time to run the order again. */
  recheckAt?: Date;
}

/** 审单: the built-in checks (paid, address complete, lines mapped). */
export function auditStep(_batch: PipelineBatch, order: OrderDoc, lines: OrderLine[]): AuditStepResult {
  const holds = audit({ platformState: order.platformState, address: order.address, lines });
  const failed = new Set(holds.map((h) => h.code));
  const trace: TraceEntry[] = (['NOT_PAID', 'ADDRESS_INCOMPLETE', 'NO_LINES', 'UNKNOWN_SKU'] as const).map((code) => ({
    step: 'audit', ruleId: `builtin:${code}`, version: 1, outcome: failed.has(code) ? 'hold' : 'pass', code,
  }));
  return { holds, trace };
}
