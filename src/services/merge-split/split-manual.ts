import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { HubStatus } from '../../domain/order.js';
import { coveredQuantities, type Parcel } from '../../domain/split-plan.js';
import { AppError } from '../../errors.js';
import { withOrder } from '../order-writes.js';
import { executeSplit } from './split-exec.js';

/** Orders CS may split by hand: nothing has been handed to the warehouse yet. */
const splittable: readonly HubStatus[] = ['pending', 'audited', 'on_hold', 'allocated'];

export interface ManualParcel {
  lines: { lineId: string; quantity: number }[];
}

/** Checks that the parcels divide the order's open quantities exactly; returns the problems found. */
export function parcelProblems(o: Pick<OrderDoc, 'lines'>, parcels: readonly ManualParcel[]): string[] {
  const problems: string[] = [];
  if (parcels.length < 2) problems.push('a split needs at least two parcels');
  parcels.forEach((p, i) => {
    if (p.lines.length === 0) problems.push(`parcel ${i + 1} is empty`);
    if (new Set(p.lines.map((l) => l.lineId)).size !== p.lines.length) problems.push(`parcel ${i + 1} names a line twice`);
    for (const l of p.lines) {
      if (!o.lines.some((x) => x.lineId === l.lineId)) problems.push(`parcel ${i + 1}: no line ${l.lineId}`);
      if (!Number.isInteger(l.quantity) || l.quantity <= 0) problems.push(`parcel ${i + 1}: quantity of ${l.lineId} must be a positive integer`);
    }
  });
  const covered = coveredQuantities(parcels.map((p) => ({ presale: false, lines: p.lines, why: '' })));
  for (const l of o.lines) {
    const open = l.quantity - l.refundedQuantity;
    const got = covered.get(l.lineId) ?? 0;
    if (got !== open) problems.push(`line ${l.lineId}: parcels carry ${got}, the order has ${open} to ship`);
  }
  return problems;
}

/** 拆单 by customer service: the parcels name each line's quantity; the children go through the pipeline. */
export function splitByHand(ctx: Ctx, sellerId: string, orderId: string, parcels: ManualParcel[], by: string): Promise<{ parentId: string; childIds: string[] }> {
  return withOrder(ctx, sellerId, orderId, async (o) => {
    if (!splittable.includes(o.hubStatus)) {
      throw new AppError('CONFLICT', `order ${o._id} is ${o.hubStatus}: only orders not yet released to the warehouse can be split`, { status: o.hubStatus });
    }
    const problems = parcelProblems(o, parcels);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `the parcels do not divide order ${o._id}: ${problems[0]}`, { problems });
    const planned: Parcel[] = parcels.map((p) => ({ presale: false, lines: p.lines, why: 'split by customer service' }));
    const childIds = await executeSplit(ctx, o, o.lines, planned, by);
    return { parentId: o._id, childIds };
  });
}
