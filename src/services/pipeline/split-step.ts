import type { Ctx } from '../../context.js';
import type { AvailabilityMatrix } from '../../domain/allocation.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { OrderLine } from '../../domain/order.js';
import type { TraceEntry } from '../../domain/trace.js';
import type { PipelineBatch } from './batch.js';

export type SplitOutcome = { kind: 'none'; trace: TraceEntry[] } | { kind: 'split'; childIds: string[]; trace: TraceEntry[] };

/** 拆单: when no single warehouse fills the order, whether to split it into parcels. First version: never. */
export async function splitStep(_ctx: Ctx, _batch: PipelineBatch, _order: OrderDoc, _lines: OrderLine[], _matrix: AvailabilityMatrix): Promise<SplitOutcome> {
  return { kind: 'none', trace: [] };
}
