import { createHash } from 'node:crypto';
import type { ShipmentPush } from '../../connectors/types.js';

/**
 * Write-back planner (pure): maps the hub's parcels of one or more platform orders onto the shipment pushes a
 * platform accepts, given the connector's capabilities. Per (platform order, parcel) it decides: send this
 * push, it was already sent, or it cannot be expressed on the platform ("not sent", with a reason: never
 * silently dropped). Parcels are its own input type, independent of how the hub stores shipments.
 */

export interface PlanCapabilities {
  /** Line- and quantity-level fulfilment: one order shipped in several parcels. */
  partialShipment: boolean;
  multipleTrackingNumbers: boolean;
  updateTrackingLater: boolean;
  /** Partial shipment works on whole lines only (Taobao sub-orders): part of a line cannot be shipped apart. */
  lineLevelOnly?: boolean;
}

export interface PlanLine {
  lineId: string;
  quantity: number;
}

/**
 * A platform order and the quantity of each line still to ship (ordered minus refunded): every line of the
 * order on the platform, also when the hub split it into several orders (a parcel is partial relative to this).
 */
export interface PlanOrder {
  platformOrderId: string;
  lines: PlanLine[];
}

/** One physical parcel; its lines name the platform order they belong to (a merged parcel spans several). */
export interface PlanParcel {
  parcelId: string;
  trackingNumber: string;
  courierCode: string;
  shippedAt: Date;
  lines: (PlanLine & { platformOrderId: string })[];
}

export type PriorState = 'sending' | 'sent' | 'not_sent' | 'failed';

/** What an earlier run recorded for a (platform order, parcel) pair. */
export interface PriorPush {
  platformOrderId: string;
  parcelId: string;
  trackingNumber: string;
  courierCode: string;
  fingerprint: string;
  state: PriorState;
}

export type NotSentReason =
  | 'one_tracking_number_per_order'
  | 'line_already_shipped_whole'
  | 'tracking_update_unsupported'
  | 'unknown_line'
  | 'exceeds_ordered_quantity';

export type PlanStep =
  | { action: 'send'; platformOrderId: string; parcelId: string; push: ShipmentPush; fingerprint: string; update: boolean }
  | { action: 'already_sent'; platformOrderId: string; parcelId: string; fingerprint: string }
  | { action: 'not_sent'; platformOrderId: string; parcelId: string; reason: NotSentReason; detail: string };

export interface PlanInput {
  capabilities: PlanCapabilities;
  orders: PlanOrder[];
  parcels: PlanParcel[];
  prior: PriorPush[];
}

/** A stable digest of what a push says (not when), recorded with it so a retry can be recognised. */
export function pushFingerprint(p: Omit<ShipmentPush, 'shippedAt' | 'courierName'>): string {
  const lines = [...p.lines].sort((a, b) => a.lineId.localeCompare(b.lineId)).map((l) => `${l.lineId}x${l.quantity}`);
  const canonical = [p.platformOrderId, p.shipmentId, p.trackingNumber, p.courierCode, p.partial ? 'partial' : 'complete', ...lines].join('|');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

const byTime = (a: PlanParcel, b: PlanParcel) => a.shippedAt.getTime() - b.shippedAt.getTime() || a.parcelId.localeCompare(b.parcelId);

/** The parcel's lines of one platform order, same line ids summed. */
function linesOf(parcel: PlanParcel, platformOrderId: string): PlanLine[] {
  const out = new Map<string, number>();
  for (const l of parcel.lines) if (l.platformOrderId === platformOrderId) out.set(l.lineId, (out.get(l.lineId) ?? 0) + l.quantity);
  return [...out].map(([lineId, quantity]) => ({ lineId, quantity }));
}

interface Draft {
  parcel: PlanParcel;
  lines: PlanLine[];
  partial: boolean;
}

/** Decides the pushes of one platform order. */
function planOrder(order: PlanOrder, parcels: PlanParcel[], caps: PlanCapabilities, prior: PriorPush[]): PlanStep[] {
  const pid = order.platformOrderId;
  const ordered = new Map(order.lines.map((l) => [l.lineId, l.quantity]));
  const mine = parcels.filter((p) => p.lines.some((l) => l.platformOrderId === pid)).sort(byTime);
  const priorOf = (parcelId: string) => prior.find((p) => p.platformOrderId === pid && p.parcelId === parcelId);
  const notSent = (parcel: PlanParcel, reason: NotSentReason, detail: string): PlanStep => ({ action: 'not_sent', platformOrderId: pid, parcelId: parcel.parcelId, reason, detail });
  const steps: PlanStep[] = [];
  const drafts: Draft[] = [];
  const shipped = new Map<string, number>();
  const parcelled = new Map<string, number>();
  const complete = () => [...ordered].every(([id, q]) => (shipped.get(id) ?? 0) >= q);
  const carriesAll = (lines: PlanLine[]) => [...ordered].every(([id, q]) => q <= 0 || lines.some((l) => l.lineId === id));

  if (!caps.multipleTrackingNumbers) {
    // One tracking number per order: the parcel already sent (else the first) ships the whole order.
    const chosen = mine.find((p) => priorOf(p.parcelId)?.state === 'sent') ?? mine[0];
    for (const parcel of mine) {
      if (parcel !== chosen) {
        steps.push(notSent(parcel, 'one_tracking_number_per_order', `the platform takes one tracking number per order; ${chosen?.trackingNumber ?? ''} (parcel ${chosen?.parcelId ?? ''}) was used for order ${pid}`));
      }
    }
    if (chosen) drafts.push({ parcel: chosen, lines: order.lines.filter((l) => l.quantity > 0), partial: false });
  } else {
    const whole = new Set<string>();
    for (const parcel of mine) {
      const raw = linesOf(parcel, pid);
      const unknown = raw.find((l) => !ordered.has(l.lineId));
      if (unknown) { steps.push(notSent(parcel, 'unknown_line', `line ${unknown.lineId} is not a line of order ${pid}`)); continue; }
      const over = raw.find((l) => (parcelled.get(l.lineId) ?? 0) + l.quantity > (ordered.get(l.lineId) ?? 0));
      if (over) { steps.push(notSent(parcel, 'exceeds_ordered_quantity', `line ${over.lineId} would ship more than the ${ordered.get(over.lineId) ?? 0} ordered`)); continue; }
      for (const l of raw) parcelled.set(l.lineId, (parcelled.get(l.lineId) ?? 0) + l.quantity);
      let lines = raw;
      if (caps.partialShipment && caps.lineLevelOnly) {
        lines = raw.filter((l) => !whole.has(l.lineId));
        if (lines.length === 0) { steps.push(notSent(parcel, 'line_already_shipped_whole', `the platform ships whole lines; ${raw.map((l) => l.lineId).join(',')} went with an earlier parcel`)); continue; }
        for (const l of lines) { whole.add(l.lineId); shipped.set(l.lineId, ordered.get(l.lineId) ?? 0); }
      } else {
        for (const l of lines) shipped.set(l.lineId, (shipped.get(l.lineId) ?? 0) + l.quantity);
      }
      // A whole-line platform (Taobao) consigns the whole trade unless told which sub-orders go: a parcel that
      // does not carry every line of the PLATFORM order is split, even when earlier parcels shipped the rest.
      drafts.push({ parcel, lines, partial: caps.lineLevelOnly ? !carriesAll(lines) : !complete() });
    }
  }

  for (const d of drafts) {
    const push: ShipmentPush = {
      platformOrderId: pid, shipmentId: d.parcel.parcelId, trackingNumber: d.parcel.trackingNumber, courierCode: d.parcel.courierCode,
      lines: d.lines, partial: d.partial, shippedAt: d.parcel.shippedAt,
    };
    const fingerprint = pushFingerprint(push);
    const before = priorOf(d.parcel.parcelId);
    const retag = before !== undefined && (before.trackingNumber !== push.trackingNumber || before.courierCode !== push.courierCode);
    if (before?.state === 'sent' && !retag) {
      steps.push({ action: 'already_sent', platformOrderId: pid, parcelId: d.parcel.parcelId, fingerprint: before.fingerprint });
    } else if (before?.state === 'sent' && !caps.updateTrackingLater) {
      steps.push(notSent(d.parcel, 'tracking_update_unsupported', `tracking ${before.trackingNumber} was sent; the platform cannot change it to ${push.trackingNumber}`));
    } else {
      steps.push({ action: 'send', platformOrderId: pid, parcelId: d.parcel.parcelId, push, fingerprint, update: before?.state === 'sent' });
    }
  }
  return steps;
}

/** Plans every platform order in the input; steps come per order, parcels in shipping order. */
export function planWriteback(input: PlanInput): PlanStep[] {
  return input.orders.flatMap((o) => planOrder(o, input.parcels, input.capabilities, input.prior));
}
