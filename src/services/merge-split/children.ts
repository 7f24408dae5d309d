import type { OrderDoc } from '../../db/models/order.model.js';
import { freshOrderState, type OrderLine } from '../../domain/order.js';
import type { Parcel } from '../../domain/split-plan.js';
import { addMoney, lineAmount } from './master.js';

export const childId = (parentId: string, i: number) => `${parentId}-${i + 1}`;

/** A child's lines: the parcel's quantities of the parent's lines, each naming the platform order and line it ships for. */
export function childLines(parent: OrderDoc, lines: readonly OrderLine[], parcel: Pick<Parcel, 'lines' | 'presale'>): OrderLine[] {
  return parcel.lines.map((pl) => {
    const l = lines.find((x) => x.lineId === pl.lineId);
    if (!l) throw new Error(`split: order ${parent._id} has no line ${pl.lineId}`);
    return {
      ...l,
      quantity: pl.quantity,
      refundedQuantity: 0,
      ...(parcel.presale ? { presale: true } : {}),
      source: l.source ?? { orderId: parent._id, platformOrderId: parent.platformOrderId, shopId: parent.shopId, lineId: l.lineId },
    };
  });
}

/**
 * A child order of a split (拆单): a new order carrying a subset of the parent's lines, pending for the pipeline.
 * Its `platformOrderId` is internal (unique per shop); write-back follows each line's `source`. The child's
 * amounts are its lines' value (shipping, tax and discount stay with the parent). Children never merge.
 */
export function childDoc(parent: OrderDoc, lines: readonly OrderLine[], parcel: Pick<Parcel, 'lines' | 'presale' | 'why'>, i: number, now: Date, by: string): OrderDoc {
  const id = childId(parent._id, i);
  const own = childLines(parent, lines, parcel);
  const subtotal = addMoney(own.map((l) => lineAmount(l.unitPrice, l.quantity)));
  return {
    _id: id,
    sellerId: parent.sellerId,
    shopId: parent.shopId,
    platform: parent.platform,
    platformOrderId: `${parent.platformOrderId}#${i + 1}`,
    platformStatus: parent.platformStatus,
    platformState: parent.platformState,
    platformCreatedAt: parent.platformCreatedAt,
    platformUpdatedAt: parent.platformUpdatedAt,
    currency: parent.currency,
    buyer: parent.buyer,
    address: parent.address,
    ...(parent.flags ? { flags: parent.flags } : {}),
    lines: own,
    amounts: { subtotal, shipping: '0.00', tax: '0.00', discount: '0.00', total: subtotal },
    ...freshOrderState(),
    splitFrom: parent._id,
    doNotMerge: true,
    timeline: [{ at: now, type: 'split.created', by, data: { parent: parent._id, parcel: i + 1, why: parcel.why } }],
    createdAt: now,
    updatedAt: now,
  };
}
