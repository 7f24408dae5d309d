import type { Ctx } from '../../context.js';
import type { AvailabilityMatrix } from '../../domain/allocation.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { OrderLine } from '../../domain/order.js';
import { coveredQuantities, planSplit, type Parcel, type SplitLine } from '../../domain/split-plan.js';
import type { TraceEntry } from '../../domain/trace.js';
import { childId } from '../merge-split/children.js';
import { settingsFor } from '../merge-split/settings.js';
import { executeSplit } from '../merge-split/split-exec.js';
import type { PipelineBatch } from './batch.js';

export type SplitOutcome = { kind: 'none'; trace: TraceEntry[] } | { kind: 'split'; childIds: string[]; trace: TraceEntry[] };

/** Unit weight (grams) of each SKU the lines name. */
async function skuWeights(ctx: Ctx, sellerId: string, lines: readonly OrderLine[]): Promise<Map<string, number>> {
  const codes = [...new Set(lines.map((l) => l.skuCode).filter((c): c is string => Boolean(c)))];
  const skus = await ctx.models.Sku.find({ sellerId, code: { $in: codes } }, { code: 1, weight: 1 }).lean();
  return new Map(skus.map((s) => [s.code, s.weight ?? 0]));
}

export function splitLinesOf(order: Pick<OrderDoc, 'flags'>, lines: readonly OrderLine[], weights: ReadonlyMap<string, number>): SplitLine[] {
  return lines.map((l) => ({
    lineId: l.lineId,
    skuCode: l.skuCode,
    quantity: Math.max(0, l.quantity - l.refundedQuantity),
    unitWeight: (l.skuCode && weights.get(l.skuCode)) || 0,
    presale: Boolean(l.presale ?? order.flags?.presale),
  }));
}

function coversExactly(parcels: readonly Parcel[], lines: readonly OrderLine[]): boolean {
  const covered = coveredQuantities(parcels);
  const open = lines.filter((l) => l.quantity - l.refundedQuantity > 0);
  return covered.size === open.length && open.every((l) => covered.get(l.lineId) === l.quantity - l.refundedQuantity);
}

/**
 * 拆单: when no single warehouse fills the order, divides it into child orders — presale lines apart, the
 * in-stock lines over the fewest warehouses that fill them, each parcel within the seller's weight limit.
 * A plan journaled by a crashed attempt is reused as it is. Runs under the order's lock.
 */
export async function splitStep(ctx: Ctx, batch: PipelineBatch, order: OrderDoc, lines: OrderLine[], matrix: AvailabilityMatrix): Promise<SplitOutcome> {
  let parcels: Parcel[] | undefined = order.splitPlan?.parcels;
  const trace: TraceEntry[] = [];
  if (parcels?.length && !coversExactly(parcels, lines)) parcels = undefined; // the order changed since (a refund): plan again
  if (parcels?.length) {
    trace.push({ step: 'split', outcome: 'info', detail: 'reusing the parcels journaled by an earlier attempt' });
  } else {
    const settings = (await settingsFor(ctx, batch)).split;
    const weights = settings.maxParcelWeight ? await skuWeights(ctx, batch.sellerId, lines) : new Map<string, number>();
    const plan = planSplit(splitLinesOf(order, lines, weights), batch.warehouses, matrix, settings);
    if (plan.kind === 'none') return { kind: 'none', trace: [{ step: 'split', outcome: 'skip', detail: plan.reason }] };
    parcels = plan.parcels;
  }
  const childIds = await executeSplit(ctx, order, lines, parcels, 'pipeline');
  parcels.forEach((p, i) => trace.push({
    step: 'split', outcome: 'chosen',
    detail: `${childId(order._id, i)}: ${p.lines.map((l) => `${l.lineId}×${l.quantity}`).join(', ')} (${p.why})`,
  }));
  return { kind: 'split', childIds, trace };
}

/**
 * Weight limit before matching: an order heavier than the seller's maximum parcel weight is split even when
 * one warehouse could fill it (the parcels then come from the fewest warehouses, usually one). Meant to be
 * called by the orchestrator right after the availability matrix is read; `none` when the order fits.
 */
export async function weightSplitStep(ctx: Ctx, batch: PipelineBatch, order: OrderDoc, lines: OrderLine[], matrix: AvailabilityMatrix): Promise<SplitOutcome> {
  const max = (await settingsFor(ctx, batch)).split.maxParcelWeight;
  if (!max) return { kind: 'none', trace: [] };
  const weights = await skuWeights(ctx, batch.sellerId, lines);
  const total = splitLinesOf(order, lines, weights).reduce((sum, l) => sum + l.unitWeight * l.quantity, 0);
  if (total <= max) return { kind: 'none', trace: [{ step: 'split', outcome: 'pass', detail: `${total} g ≤ ${max} g per parcel` }] };
  const out = await splitStep(ctx, batch, order, lines, matrix);
  return { ...out, trace: [{ step: 'split', outcome: 'info', detail: `${total} g > ${max} g per parcel` }, ...out.trace] };
}
