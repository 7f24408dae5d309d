import type { ConnectorCapabilities, Platform } from '../../connectors/types.js';
import type { OrderDoc, ShipmentPushRecord } from '../db/models/order.model.js';
import type { PlanCapabilities, PlanInput, PlanOrder, PlanParcel, PriorPush } from '../domain/writeback-plan.js';

/**
 * Builds the write-back planner's input from a hub order and its shipments. This is the one place that knows
 * how parcels are stored: a shipment line without `platformOrderId` belongs to the order's own platform order.
 */

/** Platforms whose partial shipments take whole lines only (Taobao consigns sub-orders, not quantities). */
const wholeLinePlatforms: ReadonlySet<Platform> = new Set(['taobao']);

export function planCapabilities(platform: Platform, caps: ConnectorCapabilities): PlanCapabilities {
  return {
    partialShipment: caps.partialShipment,
    multipleTrackingNumbers: caps.multipleTrackingNumbers,
    updateTrackingLater: caps.updateTrackingLater,
    lineLevelOnly: wholeLinePlatforms.has(platform),
  };
}

export function planInputFor(o: OrderDoc, caps: PlanCapabilities): PlanInput {
  // A merge master or a split child carries its lines' platform origin in `source`: address the platform by it.
  const origin = new Map(o.lines.map((l) => [l.lineId, l.source ? { lineId: l.source.lineId, platformOrderId: l.source.platformOrderId } : null]));
  const platformLine = (lineId: string, platformOrderId?: string) => {
    const src = origin.get(lineId);
    return src ?? { lineId, platformOrderId: platformOrderId ?? o.platformOrderId };
  };
  const parcels: PlanParcel[] = o.shipments.map((s) => ({
    parcelId: s.shipmentId,
    trackingNumber: s.trackingNumber,
    courierCode: s.courierCode,
    shippedAt: new Date(s.shippedAt),
    lines: s.lines.map((l) => ({ ...platformLine(l.lineId, l.platformOrderId), quantity: l.quantity })),
  }));
  if (o.lines.some((l) => l.source)) {
    const byPid = new Map<string, { lineId: string; quantity: number }[]>();
    for (const l of o.lines) {
      const p = platformLine(l.lineId);
      byPid.set(p.platformOrderId, [...(byPid.get(p.platformOrderId) ?? []), { lineId: p.lineId, quantity: Math.max(0, l.quantity - l.refundedQuantity) }]);
    }
    const prior = priorPushes(o);
    return { capabilities: caps, orders: [...byPid].map(([platformOrderId, lines]) => ({ platformOrderId, lines })), parcels, prior };
  }
  // A line attributed to another platform order by any parcel belongs to that order (a merged hub order).
  const owner = new Map<string, string>();
  for (const p of parcels) for (const l of p.lines) if (l.platformOrderId !== o.platformOrderId) owner.set(l.lineId, l.platformOrderId);
  const pids = [o.platformOrderId, ...new Set(owner.values())];
  const orders: PlanOrder[] = pids.map((pid) => ({
    platformOrderId: pid,
    lines: o.lines
      .filter((l) => (owner.get(l.lineId) ?? o.platformOrderId) === pid)
      .map((l) => ({ lineId: l.lineId, quantity: Math.max(0, l.quantity - l.refundedQuantity) })),
  }));
  return { capabilities: caps, orders, parcels, prior: priorPushes(o) };
}

function priorPushes(o: OrderDoc): PriorPush[] {
  return o.shipments.flatMap((s) => (s.pushes ?? []).map((r: ShipmentPushRecord) => ({
    platformOrderId: r.platformOrderId,
    parcelId: s.shipmentId,
    trackingNumber: r.trackingNumber,
    courierCode: r.courierCode,
    fingerprint: r.fingerprint ?? '',
    state: r.state,
  })));
}
