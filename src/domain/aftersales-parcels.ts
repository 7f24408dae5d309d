import type { HubStatus } from './order.js';

/**
 * Which parcels shipped an order's lines, when the order was split (拆单) into children or merged (合单) into
 * a master: the parcels are on the children or the master, and their lines name the order they ship for
 * (`source`). Pure; the service loads the family (the order, its descendants, its master and the master's).
 */
export interface FamilyMember {
  _id: string;
  hubStatus: HubStatus;
  lines: readonly { lineId: string; source?: { orderId: string; lineId: string } }[];
  shipments: readonly { shipmentId: string; trackingNumber: string; courierCode: string; shippedAt: Date; lines: readonly { lineId: string; quantity: number }[] }[];
}

export interface TicketParcel {
  /** The order that carried the parcel (the order itself, a child or a master). */
  orderId: string;
  shipmentId: string;
  trackingNumber: string;
  courierCode: string;
  shippedAt: Date;
  /** In the line ids of the order the ticket is about. */
  lines: { lineId: string; quantity: number }[];
}

/** `root`'s line id that `member`'s line ships for, if any. */
function rootLineId(rootId: string, member: FamilyMember, lineId: string): string | undefined {
  if (member._id === rootId) return lineId;
  const l = member.lines.find((x) => x.lineId === lineId);
  return l?.source?.orderId === rootId ? l.source.lineId : undefined;
}

export function parcelsOf(rootId: string, family: readonly FamilyMember[]): TicketParcel[] {
  const out: TicketParcel[] = [];
  for (const m of family) {
    for (const s of m.shipments) {
      const lines = s.lines.flatMap((l) => {
        const lineId = rootLineId(rootId, m, l.lineId);
        return lineId ? [{ lineId, quantity: l.quantity }] : [];
      });
      if (lines.length > 0) out.push({ orderId: m._id, shipmentId: s.shipmentId, trackingNumber: s.trackingNumber, courierCode: s.courierCode, shippedAt: s.shippedAt, lines });
    }
  }
  return out;
}

const done = (s: HubStatus) => s === 'shipped' || s === 'completed';

/**
 * Whether a refund or return on `root` comes after shipment: every order that still carries its lines
 * (itself, or its children, or its master and the master's children) has shipped, and at least one did.
 * A split order with a child still in the warehouse is not: the refund goes to the children one by one.
 */
export function shippedForAfterSales(rootId: string, family: readonly FamilyMember[]): boolean {
  const carriers = family.filter((m) => m.hubStatus !== 'split' && m.hubStatus !== 'merged' && m.hubStatus !== 'cancelled'
    && (m._id === rootId || m.lines.some((l) => l.source?.orderId === rootId)));
  return carriers.length > 0 && carriers.every((m) => done(m.hubStatus));
}

/** Shipped quantities per line of the root, over all its parcels. */
export function shippedQuantities(parcels: readonly TicketParcel[]): Map<string, number> {
  const q = new Map<string, number>();
  for (const p of parcels) for (const l of p.lines) q.set(l.lineId, (q.get(l.lineId) ?? 0) + l.quantity);
  return q;
}

/** A return's lines, kept to what shipped: the requested lines (all shipped lines when none are named), capped by the shipped quantities. */
export function returnableLines(parcels: readonly TicketParcel[], wanted?: readonly { lineId: string; quantity: number }[]): { lineId: string; quantity: number }[] {
  const shipped = shippedQuantities(parcels);
  if (!wanted) return [...shipped].map(([lineId, quantity]) => ({ lineId, quantity }));
  const asked = new Map<string, number>();
  for (const w of wanted) asked.set(w.lineId, (asked.get(w.lineId) ?? 0) + w.quantity);
  return [...asked].flatMap(([lineId, quantity]) => {
    const q = Math.min(quantity, shipped.get(lineId) ?? 0);
    return q > 0 ? [{ lineId, quantity: q }] : [];
  });
}
