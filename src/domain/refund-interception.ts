import type { HubStatus } from './order.js';

/**
 * 退款拦截: what a refund or cancellation arriving from the platform does to an order, by where the order
 * stands. Pure; the service applies it.
 *  - not yet allocated → cancel (whole) or keep going with fewer lines (part);
 *  - allocated → release the reservation and cancel (whole) or re-allocate what is left (part);
 *  - picking (waybill printed) → intercept: hold for CS, who stop the parcel and confirm it is back on the shelf;
 *  - already intercepted → keep the interception: only CS's /restock (or a shipment) ends it, whatever the
 *    platform sends next (the refund record and the cancelled/refunded status change arrive in either order, and again);
 *  - shipped → open an after-sales return expectation;
 *  - merged into another order → un-merge; split into children → apply to the children;
 *    once all of its parcels (the master's, the children's) have shipped → after-sales, as for a shipped order.
 */
export type RefundAction = 'cancel' | 'update_lines' | 'reallocate' | 'intercept' | 'after_sales' | 'unmerge' | 'to_children' | 'keep_intercepted' | 'none';

export interface RefundFacts {
  /** The order is held as an intercepted parcel (its stock is still reserved, the parcel may be in the warehouse). */
  intercepted?: boolean;
  /** A split or merged order whose every parcel has shipped (see shippedForAfterSales). */
  parcelsShipped?: boolean;
}

export function refundActionFor(status: HubStatus, full: boolean, facts: RefundFacts = {}): RefundAction {
  if (facts.intercepted && status === 'on_hold') return 'keep_intercepted';
  if (facts.parcelsShipped && (status === 'merged' || status === 'split')) return 'after_sales';
  switch (status) {
    case 'pending':
    case 'on_hold':
      return full ? 'cancel' : 'update_lines';
    case 'audited':
    case 'allocated':
      return full ? 'cancel' : 'reallocate';
    case 'picking':
      return 'intercept';
    case 'shipped':
    case 'completed':
      return 'after_sales';
    case 'merged':
      return 'unmerge';
    case 'split':
      return 'to_children';
    case 'cancelled':
      return 'none';
  }
}
