import { ConnectorError, isAmbiguous } from '../errors.js';
import type { ShipmentPush, ShipmentPushResult } from '../types.js';
import type { ShopifyClient } from './client.js';
import { gid, legacyId } from './ids.js';
import * as q from './queries.js';
import { fulfillmentCreateSchema, fulfilmentStateSchema, type FulfilmentState } from './schemas.js';

type Allocation = { foId: string; locationId: string; foLineId: string; quantity: number };
const OPEN_FO = new Set(['OPEN', 'IN_PROGRESS']);

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return m;
}

/** Quantity per order line already fulfilled under this tracking number (a retry after a partial success). */
function alreadySent(state: FulfilmentState, tracking: string): Map<string, number> {
  const sent = new Map<string, number>();
  for (const f of state.fulfillments) {
    if (f.status === 'CANCELLED' || !f.trackingInfo.some((t) => t.number === tracking)) continue;
    for (const li of f.fulfillmentLineItems.nodes) sent.set(li.lineItem.id, (sent.get(li.lineItem.id) ?? 0) + li.quantity);
  }
  return sent;
}

/** Spreads the wanted quantities over the open fulfillment orders' remaining quantities. */
function allocate(state: FulfilmentState, want: Map<string, number> | 'all'): Allocation[] {
  const out: Allocation[] = [];
  const left = want === 'all' ? null : new Map(want);
  for (const fo of state.fulfillmentOrders.nodes) {
    if (!OPEN_FO.has(fo.status)) continue;
    const locationId = fo.assignedLocation?.location?.id ?? 'unassigned';
    for (const li of fo.lineItems.nodes) {
      const need = left ? (left.get(li.lineItem.id) ?? 0) : li.remainingQuantity;
      const quantity = Math.min(need, li.remainingQuantity);
      if (quantity <= 0) continue;
      out.push({ foId: fo.id, locationId, foLineId: li.id, quantity });
      left?.set(li.lineItem.id, need - quantity);
    }
  }
  for (const [lineGid, n] of left ?? []) {
    if (n > 0) throw new ConnectorError('invalid', `shopify line ${legacyId(lineGid)}: ${n} more than its open fulfillment orders still hold`);
  }
  return out;
}

/** Most sends of one parcel's fulfilments after ambiguous failures (each preceded by a fresh read). */
const MAX_ROUNDS = 3;

/**
 * Ships one parcel through the fulfillment-order flow: read the order's fulfillment orders, allocate the
 * parcel's lines to their remaining quantities and call `fulfillmentCreate` with the tracking number (one
 * call per assigned location, as a fulfillment comes from one location). A retry finds what an earlier
 * attempt already fulfilled under the same tracking number and only ships the rest, so it never double-ships.
 * fulfillmentCreate takes no idempotency key: the transport never repeats it after a timeout, reset or 5xx
 * (the reply may be lost after Shopify applied it); this function reads the order's fulfilments again instead
 * and only sends what they do not show yet.
 */
export async function pushShipment(client: ShopifyClient, s: ShipmentPush): Promise<ShipmentPushResult> {
  for (let round = 1; ; round++) {
    try {
      return await shipRest(client, s);
    } catch (err) {
      if (!isAmbiguous(err) || round >= MAX_ROUNDS) throw err;
    }
  }
}

async function shipRest(client: ShopifyClient, s: ShipmentPush): Promise<ShipmentPushResult> {
  const r = await client.request('fulfilment-state', q.FULFILMENT_STATE_QUERY, { id: gid('Order', s.platformOrderId) }, fulfilmentStateSchema, q.FULFILMENT_STATE_COST);
  if (!r.order) throw new ConnectorError('not_found', `shopify order ${s.platformOrderId} not found`);
  const state = r.order;
  const sent = alreadySent(state, s.trackingNumber);
  const existing = state.fulfillments.filter((f) => f.status !== 'CANCELLED' && f.trackingInfo.some((t) => t.number === s.trackingNumber)).map((f) => legacyId(f.id));
  let want: Map<string, number> | 'all' = 'all';
  if (s.lines.length > 0) {
    want = new Map<string, number>();
    for (const l of s.lines) {
      const lineGid = gid('LineItem', l.lineId);
      want.set(lineGid, (want.get(lineGid) ?? 0) + l.quantity);
    }
    for (const [lineGid, n] of sent) if (want.has(lineGid)) want.set(lineGid, Math.max(0, (want.get(lineGid) ?? 0) - n));
  } else if (existing.length > 0) {
    return { platformShipmentId: existing.join(',') };
  }
  const allocations = allocate(state, want);
  if (allocations.length === 0) {
    if (existing.length > 0) return { platformShipmentId: existing.join(',') };
    throw new ConnectorError('invalid', `shopify order ${s.platformOrderId}: nothing left to fulfil`);
  }
  const ids = [...existing];
  for (const group of groupBy(allocations, (a) => a.locationId).values()) {
    const byFo = groupBy(group, (a) => a.foId);
    const res = await client.request('fulfillment-create', q.FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [...byFo].map(([foId, ls]) => ({ fulfillmentOrderId: foId, fulfillmentOrderLineItems: ls.map((a) => ({ id: a.foLineId, quantity: a.quantity })) })),
        trackingInfo: { number: s.trackingNumber, company: s.courierName ?? s.courierCode },
        notifyCustomer: true,
      },
    }, fulfillmentCreateSchema, q.MUTATION_COST, { write: true });
    const { fulfillment, userErrors } = res.fulfillmentCreate;
    if (userErrors.length > 0 || !fulfillment) {
      throw new ConnectorError('invalid', `shopify fulfillmentCreate for order ${s.platformOrderId}: ${userErrors.map((e) => e.message).join('; ') || 'no fulfillment returned'}`);
    }
    ids.push(legacyId(fulfillment.id));
  }
  return { platformShipmentId: ids.join(',') };
}
