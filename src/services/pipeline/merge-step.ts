import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { OrderLine } from '../../domain/order.js';
import type { TraceEntry } from '../../domain/trace.js';
import type { PipelineBatch } from './batch.js';

export type MergeOutcome = { kind: 'none'; trace: TraceEntry[] } | { kind: 'absorbed'; into: string; trace: TraceEntry[] };

/** 合单: whether this audited order joins another one of the same buyer and address. First version: never. */
export async function mergeStep(_ctx: Ctx, _batch: PipelineBatch, _order: OrderDoc, _lines: OrderLine[]): Promise<MergeOutcome> {
  return { kind: 'none', trace: [] };
}
