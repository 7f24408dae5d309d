import type { Ctx } from '../context.js';
import type { OrderDoc } from '../db/models/order.model.js';
import type { AvailabilityMatrix } from '../domain/allocation.js';
import { holdReasons, skuQuantities, type Hold, type OrderLine } from '../domain/order.js';
import type { PipelineTrace, TraceEntry } from '../domain/trace.js';
import { AppError } from '../errors.js';
import { journalReservations, releaseHeld, reservationKeys, reserveAll } from './order-stock.js';
import { transition, withOrder } from './order-writes.js';
import { auditStep } from './pipeline/audit-step.js';
import { decideFast } from './pipeline/fast-path.js';
import { allocateTransition, holdTransition, type PipelineResult } from './pipeline/outcomes.js';
import { loadBatch, type PipelineBatch } from './pipeline/batch.js';
import { courierFor, warehouseCandidates } from './pipeline/match-step.js';
import { mergeStep } from './pipeline/merge-step.js';
import { splitStep, weightSplitStep } from './pipeline/split-step.js';
import { markStockDirty } from './stock-push-trigger.js';

export type { PipelineResult } from './pipeline/outcomes.js';

/**
 * Runs pending orders of one seller through the pipeline: audit → merge → warehouse and courier matching
 * → stock reservation (split when no warehouse fills the order) → allocated, or on hold with reasons. Every
 * step adds to the order's trace, which is saved with the outcome. Each order is decided under its own lock.
 * The batch is decided together where it can be (see pipeline/fast-path.ts): its free locks taken in one
 * round trip, its pending orders read in one query, its reservations, order writes and events written in
 * bulk. Orders that need more (merges, splits, crash recovery), and orders whose lock was busy, then go one
 * by one as before, each under its own lock.
 */
export async function runPipeline(ctx: Ctx, sellerId: string, orderIds: readonly string[]): Promise<PipelineResult> {
  const result: PipelineResult = { allocated: [], held: [], skipped: [], merged: [], split: [] };
  const touched = new Set<string>();
  const ids = [...new Set(orderIds)];
  const lockKey = (id: string) => `order:${id}`;
  const locks = ids.length > 1 && ctx.locks.tryLockMany ? await ctx.locks.tryLockMany(ids.map(lockKey), { ttlMs: 30_000 }) : undefined;
  const busy = locks ? ids.filter((id) => !locks.held.has(lockKey(id))) : ids;
  let later: { ids: string[]; batch?: PipelineBatch }[] = [{ ids: busy }];
  try {
    const mine = locks ? ids.filter((id) => locks.held.has(lockKey(id))) : [];
    if (mine.length > 0) {
      // Only pending orders are decided; the seller and status filters also let the store use its index.
      const found = await ctx.models.Order.find({ _id: { $in: mine }, sellerId, hubStatus: 'pending' }).lean<OrderDoc[]>();
      const byId = new Map(found.map((o) => [o._id, o]));
      const orders = mine.map((id) => byId.get(id)).filter((o): o is OrderDoc => o !== undefined);
      result.skipped.push(...mine.filter((id) => !byId.has(id))); // gone, not this seller's, or not pending
      const batch = await loadBatch(ctx, sellerId, orders.map((o) => o._id), orders);
      later = [{ ids: await decideFast(ctx, batch, orders, result, touched), batch }, ...later];
    }
  } finally {
    await locks?.release();
  }
  // One by one, each under its own lock and read afresh (an earlier one may have merged it), as before.
  for (const group of later.filter((g) => g.ids.length > 0)) {
    const batch = group.batch ?? await loadBatch(ctx, sellerId, group.ids);
    for (const orderId of group.ids) {
      try {
        await withOrder(ctx, sellerId, orderId, (order) => decide(ctx, batch, order, result, touched));
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
        result.skipped.push(orderId); // gone, or not this seller's
        ctx.log.warn({ orderId, sellerId }, 'pipeline skipped an order it could not load');
      }
    }
  }
  await markStockDirty(ctx, sellerId, [...touched]);
  return result;
}

async function decide(ctx: Ctx, batch: PipelineBatch, order: OrderDoc, result: PipelineResult, touched: Set<string>): Promise<void> {
  if (order.hubStatus !== 'pending') {
    result.skipped.push(order._id);
    return;
  }
  // Lines imported before their SKU existed are mapped again.
  const lines: OrderLine[] = order.lines.map((l) => ({ ...l, skuCode: l.skuCode ?? batch.resolve(l) }));
  // A crashed earlier attempt may have left reservations behind: give them back first.
  await releaseHeld(ctx, order, [], { fresh: true });
  const seq = order.allocationSeq + 1;
  const trace: TraceEntry[] = [];
  const finish = (outcome: Hold[], recheckAt?: Date) => hold(ctx, batch, order, seq, lines, outcome, trace, result, recheckAt);

  const audited = auditStep(batch, order, lines);
  trace.push(...audited.trace);
  if (audited.holds.length > 0) return finish(audited.holds, audited.recheckAt);
  // Combo SKUs expand to their components for stock; the order keeps its platform lines for write-back.
  const stockLines = audited.lines ?? lines;
  if (batch.warehouses.length === 0) return finish([{ code: 'NO_WAREHOUSE', message: holdReasons.NO_WAREHOUSE }]);

  const merge = await mergeStep(ctx, batch, order, lines);
  trace.push(...merge.trace);
  if (merge.kind === 'absorbed') {
    await saveTrace(ctx, order._id, { runAt: batch.now, seq, entries: trace });
    result.merged.push(order._id);
    return;
  }

  const need = skuQuantities(stockLines);
  const matrix = await availability(ctx, batch.sellerId, [...need.keys()]);
  // Over the seller's parcel weight limit: split into parcels first, whatever the warehouses hold.
  const byWeight = await weightSplitStep(ctx, batch, order, stockLines, matrix);
  trace.push(...byWeight.trace);
  if (byWeight.kind === 'split') {
    await saveTrace(ctx, order._id, { runAt: batch.now, seq, entries: trace });
    result.split.push(order._id);
    return;
  }
  const { candidates, trace: tried } = warehouseCandidates(batch, order, need, matrix);
  trace.push(...tried);
  let noCourier = false;
  for (const { warehouse, why } of candidates) {
    const c = courierFor(batch, order, warehouse);
    trace.push(...c.trace);
    if (!c.courier) {
      noCourier = true;
      continue;
    }
    await journalReservations(ctx, order._id, seq, reservationKeys({ orderId: order._id, seq, warehouseId: warehouse.id }, need.keys()));
    const reservations = await reserveAll(ctx, { sellerId: batch.sellerId, orderId: order._id, seq, warehouseId: warehouse.id }, need);
    if (!reservations) {
      trace.push({ step: 'stock', outcome: 'rejected', detail: `${warehouse.code}: reservation refused (stock moved meanwhile)` });
      continue;
    }
    trace.push({ step: 'stock', outcome: 'pass', detail: `reserved in ${warehouse.code}` });
    await transition(ctx, order, allocateTransition(batch, seq, lines, { warehouse, courier: c.courier, why: { warehouse: why, courier: c.why }, reservations }, trace));
    for (const sku of need.keys()) touched.add(sku);
    result.allocated.push(order._id);
    ctx.log.info({ orderId: order._id, platformOrderId: order.platformOrderId, warehouse: warehouse.code, courier: c.courier.code }, 'order allocated');
    return;
  }
  if (noCourier) return finish([{ code: 'NO_COURIER', message: holdReasons.NO_COURIER }]);

  const split = await splitStep(ctx, batch, order, lines, matrix);
  trace.push(...split.trace);
  if (split.kind === 'split') {
    await saveTrace(ctx, order._id, { runAt: batch.now, seq, entries: trace });
    result.split.push(order._id);
    return;
  }
  const short = [...need].map(([sku, qty]) => `${sku}×${qty}`).join(', ');
  return finish([{ code: 'OUT_OF_STOCK', message: `${holdReasons.OUT_OF_STOCK}: ${short}` }]);
}

/** Keeps the run's trace on an order the merge or split step already moved on (absorbed, or split into children). */
async function saveTrace(ctx: Ctx, orderId: string, lastRun: PipelineTrace): Promise<void> {
  await ctx.models.Order.updateOne({ _id: orderId }, { $set: { lastRun } });
}

/** Available quantity per warehouse and SKU, for the SKUs an order needs. */
async function availability(ctx: Ctx, sellerId: string, skuCodes: string[]): Promise<AvailabilityMatrix> {
  const levels = await ctx.models.StockLevel.find({ sellerId, skuCode: { $in: skuCodes } }, { warehouseId: 1, skuCode: 1, available: 1 }).lean();
  const matrix = new Map<string, Map<string, number>>();
  for (const l of levels) {
    const row = matrix.get(l.warehouseId) ?? new Map<string, number>();
    row.set(l.skuCode, l.available);
    matrix.set(l.warehouseId, row);
  }
  return matrix;
}

async function hold(ctx: Ctx, batch: PipelineBatch, order: OrderDoc, seq: number, lines: OrderLine[], holds: Hold[], trace: TraceEntry[], result: PipelineResult, recheckAt?: Date): Promise<void> {
  await transition(ctx, order, holdTransition(batch, seq, lines, holds, trace, recheckAt));
  result.held.push(order._id);
  ctx.log.info({ orderId: order._id, platformOrderId: order.platformOrderId, reasons: holds.map((h) => h.code) }, 'order held');
}
