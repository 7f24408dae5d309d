import type { Hold, OrderLine, Reservation } from '../../domain/order.js';
import type { TraceEntry } from '../../domain/trace.js';
import type { TransitionInput } from '../order-writes.js';
import type { BatchCourier, BatchWarehouse, PipelineBatch } from './batch.js';

export interface PipelineResult {
  allocated: string[];
  held: string[];
  skipped: string[];
  merged: string[];
  split: string[];
}

const by = 'pipeline';

/** The write that puts an order on hold with its reasons (and, for a hold that clears by itself, when to look again). */
export function holdTransition(batch: PipelineBatch, seq: number, lines: OrderLine[], holds: Hold[], trace: TraceEntry[], recheckAt?: Date): TransitionInput {
  return {
    to: 'on_hold',
    set: { lines, holds, allocationSeq: seq, lastRun: { runAt: batch.now, seq, entries: trace }, recheckAt: recheckAt ?? null },
    entry: { type: 'held', by, data: { reasons: holds.map((h) => h.code) } },
  };
}

export interface Allocation {
  warehouse: BatchWarehouse;
  courier: BatchCourier;
  why: { warehouse: string; courier: string };
  reservations: Reservation[];
}

/** The write that records an allocation (pending → audited → allocated) with the reservations it holds. */
export function allocateTransition(batch: PipelineBatch, seq: number, lines: OrderLine[], a: Allocation, trace: TraceEntry[]): TransitionInput {
  return {
    via: { status: 'audited', entry: { type: 'audited', by } },
    to: 'allocated',
    set: {
      lines, warehouseId: a.warehouse.id, courierCode: a.courier.code, reservations: a.reservations, allocationSeq: seq, stockState: 'reserved', holds: [],
      lastRun: { runAt: batch.now, seq, entries: trace },
    },
    entry: { type: 'allocated', by, data: { warehouse: a.warehouse.code, courier: a.courier.code, why: a.why } },
  };
}
