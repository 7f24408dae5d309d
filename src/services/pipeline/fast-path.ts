import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import { holdReasons, skuQuantities, type Hold, type OrderLine, type Reservation } from '../../domain/order.js';
import { movementDeltas } from '../../domain/stock.js';
import type { TraceEntry } from '../../domain/trace.js';
import { transitionMany, type TransitionInput } from '../order-writes.js';
import { auditStep } from './audit-step.js';
import type { PipelineBatch } from './batch.js';
import { courierFor, warehouseCandidates } from './match-step.js';
import { claimEmptyBuckets } from './merge-fast.js';
import { bulkUpdate } from './update-gate.js';
import { allocateTransition, holdTransition, type Allocation, type PipelineResult } from './outcomes.js';
import { settingsFor } from '../merge-split/settings.js';

/** An order the fast path decides, with what it has worked out so far. */
interface Run {
  order: OrderDoc;
  lines: OrderLine[];
  stockLines: OrderLine[];
  seq: number;
  trace: TraceEntry[];
}

/**
 * The pipeline for a batch of orders in a handful of round trips, for the common case: audited, merged with
 * nobody (its merge bucket was empty), and filled by one warehouse. Orders already locked and loaded by the
 * caller. Whatever is not that common case — a journal left by a crashed attempt, a merge bucket with other
 * orders, a weight limit, a split, a reservation the ledger refused — is returned (ids) untouched, or with the
 * attempt journaled, for the one-order path, which the caller runs afterwards.
 */
export async function decideFast(ctx: Ctx, batch: PipelineBatch, orders: readonly OrderDoc[], result: PipelineResult, touched: Set<string>): Promise<string[]> {
  const slow = new Set<string>();
  const writes: { order: OrderDoc; t: TransitionInput; run: Run; alloc?: Allocation }[] = [];
  const hold = (run: Run, holds: Hold[], recheckAt?: Date) => writes.push({ order: run.order, t: holdTransition(batch, run.seq, run.lines, holds, run.trace, recheckAt), run });
  const settings = await settingsFor(ctx, batch);

  const audited: Run[] = [];
  for (const order of orders) {
    if (order.hubStatus !== 'pending' || (order.stockKeys?.length ?? 0) > 0) {
      slow.add(order._id); // a journal left by a crashed attempt: the one-order path gives its reservations back first
      continue;
    }
    const lines: OrderLine[] = order.lines.map((l) => ({ ...l, skuCode: l.skuCode ?? batch.resolve(l) }));
    const a = auditStep(batch, order, lines);
    const run: Run = { order, lines, stockLines: a.lines ?? lines, seq: order.allocationSeq + 1, trace: [...a.trace] };
    if (a.holds.length > 0) hold(run, a.holds, a.recheckAt);
    else if (batch.warehouses.length === 0) hold(run, [{ code: 'NO_WAREHOUSE', message: holdReasons.NO_WAREHOUSE }]);
    else audited.push(run);
  }

  const merged = await claimEmptyBuckets(ctx, batch, settings.merge, audited.map((r) => r.order));
  const ready: Run[] = [];
  for (const run of audited) {
    const m = merged.get(run.order._id);
    if (!m || m.slow || settings.split.maxParcelWeight) slow.add(run.order._id);
    else {
      run.trace.push(m.trace);
      ready.push(run);
    }
  }

  // Stock: every level the ready orders need in one read; each order takes from what the ones before it left.
  const needs = new Map(ready.map((r) => [r, skuQuantities(r.stockLines)]));
  const skus = [...new Set([...needs.values()].flatMap((n) => [...n.keys()]))];
  const matrix = new Map<string, Map<string, number>>();
  if (skus.length > 0) {
    const levels = await ctx.models.StockLevel.find({ sellerId: batch.sellerId, skuCode: { $in: skus } }, { warehouseId: 1, skuCode: 1, available: 1 }).lean();
    for (const l of levels) matrix.set(l.warehouseId, (matrix.get(l.warehouseId) ?? new Map()).set(l.skuCode, l.available));
  }
  const allocating: { run: Run; alloc: Allocation }[] = [];
  for (const run of ready) {
    const { order, trace } = run;
    const need = needs.get(run)!;
    const { candidates, trace: tried } = warehouseCandidates(batch, order, need, matrix);
    trace.push(...tried);
    let noCourier = false;
    let alloc: Allocation | undefined;
    for (const { warehouse, why } of candidates) {
      const c = courierFor(batch, order, warehouse);
      trace.push(...c.trace);
      if (!c.courier) {
        noCourier = true;
        continue;
      }
      const reservations: Reservation[] = [...need].map(([skuCode, quantity]) => ({ warehouseId: warehouse.id, skuCode, quantity, key: `res:${order._id}:${run.seq}:${warehouse.id}:${skuCode}` }));
      alloc = { warehouse, courier: c.courier, why: { warehouse: why, courier: c.why }, reservations };
      const row = matrix.get(warehouse.id)!;
      for (const [sku, qty] of need) row.set(sku, (row.get(sku) ?? 0) - qty);
      break;
    }
    if (alloc) allocating.push({ run, alloc });
    else if (noCourier) hold(run, [{ code: 'NO_COURIER', message: holdReasons.NO_COURIER }]);
    else slow.add(order._id); // no single warehouse fills it: the split step decides
  }

  // Journal first (a crash after reserving leaves keys the next run gives back), then reserve in one ledger batch.
  const journal = allocating.map(({ run, alloc }) => ({
    updateOne: { filter: { _id: run.order._id }, update: { $set: { allocationSeq: run.seq }, $addToSet: { stockKeys: { $each: alloc.reservations.map((r) => r.key) } } } },
  }));
  await bulkUpdate(ctx.models.Order, journal, { ordered: true });
  const movements = allocating.flatMap(({ run, alloc }) => alloc.reservations.map((r) => ({
    sellerId: batch.sellerId, warehouseId: r.warehouseId, skuCode: r.skuCode, type: 'reserve' as const,
    delta: movementDeltas.reserve(r.quantity), key: r.key, reference: { kind: 'order', id: run.order._id },
  })));
  const outcomes = await ctx.ledger.applyBatch(movements);
  let k = 0;
  for (const { run, alloc } of allocating) {
    const mine = outcomes.slice(k, (k += alloc.reservations.length));
    if (mine.every((o) => o.status !== 'refused')) {
      run.trace.push({ step: 'stock', outcome: 'pass', detail: `reserved in ${alloc.warehouse.code}` });
      writes.push({ order: run.order, t: allocateTransition(batch, run.seq, run.lines, alloc, run.trace), run, alloc });
    } else {
      // Stock moved meanwhile: the one-order path releases what this attempt reserved (its journal says what) and decides again.
      slow.add(run.order._id);
    }
  }

  await transitionMany(ctx, writes.map(({ order, t }) => ({ order, t })));
  for (const { order, t, alloc } of writes) {
    if (alloc) {
      for (const r of alloc.reservations) touched.add(r.skuCode);
      result.allocated.push(order._id);
      ctx.log.info({ orderId: order._id, platformOrderId: order.platformOrderId, warehouse: alloc.warehouse.code, courier: alloc.courier.code }, 'order allocated');
    } else {
      result.held.push(order._id);
      ctx.log.info({ orderId: order._id, platformOrderId: order.platformOrderId, reasons: (t.set?.holds ?? []).map((h) => h.code) }, 'order held');
    }
  }
  return orders.map((o) => o._id).filter((id) => slow.has(id));
}
