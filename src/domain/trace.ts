/**
 * One line of an order's pipeline trace: which step, which rule (id and version when it is a stored rule),
 * and what came out. The last run's trace is kept on the order so every decision can be explained.
 */
export type TraceStep = 'audit' | 'merge' | 'split' | 'warehouse' | 'courier' | 'stock';
export type TraceOutcome = 'pass' | 'hold' | 'skip' | 'chosen' | 'rejected' | 'info';

export interface TraceEntry {
  step: TraceStep;
  ruleId?: string;
  version?: number;
  outcome: TraceOutcome;
  code?: string;
  detail?: string;
}

export interface PipelineTrace {
  runAt: Date;
  seq: number;
  entries: TraceEntry[];
}
