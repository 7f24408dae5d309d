import type { Money, NormalizedAddress, PlatformOrderState } from '../../connectors/types.js';

/**
 * pending → audited → allocated → picking → shipped → completed; on_hold (exception queue); cancelled;
 * merged (absorbed into another order, 合单); split (parent of child orders, 拆单).
 */
export const hubStatuses = ['pending', 'audited', 'on_hold', 'allocated', 'picking', 'shipped', 'completed', 'cancelled', 'merged', 'split'] as const;
export type HubStatus = (typeof hubStatuses)[number];

/** Stable reason codes for held orders; customer service filters the exception queue by them. */
export const holdReasons = {
  ADDRESS_INCOMPLETE: 'The shipping address is missing a required part',
  UNKNOWN_SKU: 'A line does not map to a known SKU',
  NO_LINES: 'The order has no lines to ship',
  OUT_OF_STOCK: 'No warehouse can fill the whole order',
  NO_WAREHOUSE: 'The seller has no warehouse',
  NO_COURIER: 'No default courier is configured',
  NOT_PAID: 'The order is not paid on the platform',
  INTERCEPTED: 'Refunded or cancelled on the platform after picking started: stop the parcel and confirm it is back on the shelf',
  ADDRESS_INVALID: 'The shipping address is not valid for the destinations served',
  BLACKLISTED: 'The buyer or the address is on the blacklist',
  AMOUNT_OVER_THRESHOLD: 'The order amount is over the review threshold',
  REMARK_PRESENT: 'The buyer or seller left a remark: customer service must read it',
  PRESALE: 'Presale order: held until the release date',
  HOLD_UNTIL: 'Held until a set date',
  COD_REVIEW: 'Cash on delivery: held for review',
  SUSPECTED_DUPLICATE: 'Suspected duplicate of another order of the same buyer with the same lines',
  PLATFORM_RISK: 'The platform flagged the order as risky',
} as const;
export type HoldReasonCode = keyof typeof holdReasons;

export interface Hold {
  code: HoldReasonCode;
  message: string;
}

export interface OrderLine {
  lineId: string;
  platformSku?: string;
  platformProductId?: string;
  platformVariantId?: string;
  /** Internal SKU code, set when the line maps to a known SKU. */
  skuCode?: string;
  title?: string;
  quantity: number;
  unitPrice: Money;
  refundedQuantity: number;
  /** Where the line comes from when the order is a merge master or a split child (for write-back). */
  source?: { orderId: string; platformOrderId: string; shopId: string; lineId: string };
  /** Set on a component line expanded from a combo/bundle SKU: the lineId of the platform line it comes from. */
  parentLineId?: string;
  /** A presale line (ships when stock arrives): split apart from in-stock lines. */
  presale?: boolean;
}

/** A reservation held for an order: quantity of a SKU in a warehouse, under its ledger key. */
export interface Reservation {
  warehouseId: string;
  skuCode: string;
  quantity: number;
  key: string;
}

/** What the pipeline needs to see of an order. */
export interface OrderView {
  id: string;
  hubStatus: HubStatus;
  platformState: PlatformOrderState;
  address?: NormalizedAddress;
  lines: OrderLine[];
  allocationSeq: number;
  reservations: Reservation[];
}

/** Quantity per SKU still to ship (refunded quantities excluded). */
export function skuQuantities(lines: readonly OrderLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) {
    const qty = l.quantity - l.refundedQuantity;
    if (!l.skuCode || qty <= 0) continue;
    out.set(l.skuCode, (out.get(l.skuCode) ?? 0) + qty);
  }
  return out;
}

/** The hub-side fields every new order document starts with, whatever made it (import, merge, split, after-sales). */
export function freshOrderState() {
  return {
    hubStatus: 'pending' as const, holds: [] as Hold[], allocationSeq: 0, reservations: [] as Reservation[], stockKeys: [] as string[],
    stockState: 'none' as const, shipments: [] as never[], refundIds: [] as string[],
  };
}
