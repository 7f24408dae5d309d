import type { ConnectorCapabilities, Platform } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { OrderDoc, ShipmentPushRecord } from '../db/models/order.model.js';
import type { PlanCapabilities, PlanInput, PlanLine, PlanOrder, PlanParcel, PriorPush } from '../domain/writeback-plan.js';

/**
 * Builds the write-back planner's input from a hub order and its shipments. This is the one place that knows
 * how parcels are stored: a shipment line without `platformOrderId` belongs to the order's own platform order.
 * A split child (or a merge master) ships lines of platform orders it carries only part of: the planner gets
 * each platform order's full line set (from the hub order the lines came from) and the parcels every hub
 * order carrying its lines has shipped, so "partial" means partial on the platform.
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

/** The hub orders the order's lines came from, and every other hub order carrying lines of them (split siblings). */
export async function loadRelatedOrders(ctx: Ctx, o: OrderDoc): Promise<OrderDoc[]> {
  const origins = [...new Set(o.lines.flatMap((l) => (l.source ? [l.source.orderId] : [])))];
  if (origins.length === 0) return [];
  return ctx.models.Order.find({
    sellerId: o.sellerId, _id: { $ne: o._id }, $or: [{ _id: { $in: origins } }, { 'lines.source.orderId': { $in: origins } }],
  }).lean<OrderDoc[]>();
}

/** Maps a hub order's line to the platform order and line it ships for. */
function platformLineOf(o: OrderDoc) {
  const origin = new Map(o.lines.map((l) => [l.lineId, l.source ? { lineId: l.source.lineId, platformOrderId: l.source.platformOrderId } : null]));
  return (lineId: string, platformOrderId?: string) => origin.get(lineId) ?? { lineId, platformOrderId: platformOrderId ?? o.platformOrderId };
}

function parcelsOf(o: OrderDoc): PlanParcel[] {
  const platformLine = platformLineOf(o);
  return o.shipments.map((s) => ({
    parcelId: s.shipmentId,
    trackingNumber: s.trackingNumber,
    courierCode: s.courierCode,
    shippedAt: new Date(s.shippedAt),
    lines: s.lines.map((l) => ({ ...platformLine(l.lineId, l.platformOrderId), quantity: l.quantity })),
  }));
}

const toShip = (l: OrderDoc['lines'][number]): PlanLine => ({ lineId: l.lineId, quantity: Math.max(0, l.quantity - l.refundedQuantity) });

export function planInputFor(o: OrderDoc, caps: PlanCapabilities, related: readonly OrderDoc[] = []): PlanInput {
  const others = related.filter((r) => r._id !== o._id);
  const seen = new Set<string>();
  const parcels = [o, ...others].flatMap(parcelsOf).filter((p) => !seen.has(p.parcelId) && seen.add(p.parcelId) !== undefined);
  const prior = [o, ...others].flatMap(priorPushes);
  if (o.lines.some((l) => l.source)) {
    const platformLine = platformLineOf(o);
    const byPid = new Map<string, PlanLine[]>();
    const originOf = new Map<string, string>();
    for (const l of o.lines) {
      const p = platformLine(l.lineId);
      if (l.source) originOf.set(p.platformOrderId, l.source.orderId);
      byPid.set(p.platformOrderId, [...(byPid.get(p.platformOrderId) ?? []), { ...toShip(l), lineId: p.lineId }]);
    }
    const orders = [...byPid].map(([platformOrderId, own]) => {
      const origin = others.find((r) => r._id === originOf.get(platformOrderId) && r.platformOrderId === platformOrderId);
      // The origin's own lines are the platform order's lines; without it, the lines this order carries.
      return { platformOrderId, lines: origin ? origin.lines.filter((l) => !l.source).map(toShip) : own };
    });
    return { capabilities: caps, orders, parcels, prior };
  }
  // A line attributed to another platform order by any parcel belongs to that order (a merged hub order).
  const owner = new Map<string, string>();
  for (const p of parcels) for (const l of p.lines) if (l.platformOrderId !== o.platformOrderId) owner.set(l.lineId, l.platformOrderId);
  const pids = [o.platformOrderId, ...new Set(owner.values())];
  const orders: PlanOrder[] = pids.map((pid) => ({
    platformOrderId: pid,
    lines: o.lines.filter((l) => (owner.get(l.lineId) ?? o.platformOrderId) === pid).map(toShip),
  }));
  return { capabilities: caps, orders, parcels, prior };
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
