import { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { writeVerified } from '../retry.js';
import type { ShipmentPush, ShipmentPushResult } from '../types.js';
import type { WcClient } from './client.js';
import { parseItem, wcIdSchema, wcListSchema, wcNoteSchema, wcTrackingSchema } from './schemas.js';

/** `extension`: the Shipment Tracking extension's REST API; `notes`: a customer-visible order note (core only). */
export type TrackingMode = 'extension' | 'notes';

const closedStatuses = new Set(['cancelled', 'refunded', 'failed', 'trash']);
const orderStatusSchema = z.looseObject({ id: z.number().int(), status: z.string() });

function orderPath(s: ShipmentPush): string {
  if (!/^\d+$/.test(s.platformOrderId)) throw new ConnectorError('invalid', `woocommerce order ids are numeric, got ${s.platformOrderId}`);
  return `/wc/v3/orders/${s.platformOrderId}`;
}

/** The note a customer sees; it carries the tracking number, which is how a retry recognises it. */
export function shipmentNote(s: ShipmentPush): string {
  const courier = s.courierName ?? s.courierCode;
  const parcel = s.partial ? ` (part of your order: ${s.lines.map((l) => `${l.quantity}× item ${l.lineId}`).join(', ')})` : '';
  return `Shipped via ${courier}, tracking number ${s.trackingNumber}${parcel}.`;
}

async function findTrackingItem(client: WcClient, path: string, s: ShipmentPush): Promise<string | undefined> {
  const existing = await client.request('shipments', 'GET', path, {}, undefined, wcListSchema);
  for (const raw of existing.data) {
    const t = parseItem(wcTrackingSchema, raw, 'shipment tracking');
    if (t.tracking_number === s.trackingNumber) return String(t.tracking_id);
  }
  return undefined;
}

async function addTrackingItem(client: WcClient, s: ShipmentPush): Promise<string> {
  const path = `/wc-shipment-tracking/v3/orders/${s.platformOrderId}/shipment-trackings`;
  const found = await findTrackingItem(client, path, s);
  if (found) return found;
  const body = { tracking_provider: s.courierName ?? s.courierCode, tracking_number: s.trackingNumber, date_shipped: s.shippedAt.toISOString().slice(0, 10) };
  return writeVerified(client, {
    log: { platform: 'woocommerce', op: 'shipment-tracking', shipmentId: s.shipmentId },
    write: async () => String((await client.request('shipments', 'POST', path, {}, body, wcTrackingSchema, { write: true })).data.tracking_id),
    applied: () => findTrackingItem(client, path, s),
  });
}

async function findTrackingNote(client: WcClient, path: string, s: ShipmentPush): Promise<string | undefined> {
  const notes = await client.request('shipments', 'GET', path, { per_page: 100 }, undefined, wcListSchema);
  for (const raw of notes.data) {
    const n = parseItem(wcNoteSchema, raw, 'order note');
    if (n.note.includes(`tracking number ${s.trackingNumber}`)) return String(n.id);
  }
  return undefined;
}

async function addTrackingNote(client: WcClient, s: ShipmentPush): Promise<string> {
  const path = `${orderPath(s)}/notes`;
  const found = await findTrackingNote(client, path, s);
  if (found) return found;
  return writeVerified(client, {
    log: { platform: 'woocommerce', op: 'order-note', shipmentId: s.shipmentId },
    write: async () => String((await client.request('shipments', 'POST', path, {}, { note: shipmentNote(s), customer_note: true }, wcIdSchema, { write: true })).data.id),
    applied: () => findTrackingNote(client, path, s),
  });
}

/**
 * WooCommerce has no line-level fulfilment: a parcel is recorded as a tracking item (or a customer note) on the
 * order, and the order is set `completed` only with the parcel that completes it. Each step first looks for what
 * an earlier attempt already wrote, so a retry never records a parcel twice; a cancelled or refunded order is
 * refused rather than completed. Notes and tracking items take no idempotency key: after a lost reply (timeout,
 * reset, 5xx) the transport does not post again; the order's notes / tracking items are read back first. Setting
 * the status is a plain overwrite (PUT), safe to repeat.
 */
export async function pushShipment(client: WcClient, mode: TrackingMode, s: ShipmentPush): Promise<ShipmentPushResult> {
  const order = await client.request('shipments', 'GET', orderPath(s), {}, undefined, orderStatusSchema);
  if (closedStatuses.has(order.data.status)) {
    throw new ConnectorError('invalid', `woocommerce order ${s.platformOrderId} is ${order.data.status}; not marking it shipped`, { platformCode: order.data.status });
  }
  const platformShipmentId = mode === 'extension' ? await addTrackingItem(client, s) : await addTrackingNote(client, s);
  if (!s.partial && order.data.status !== 'completed') {
    await client.request('shipments', 'PUT', orderPath(s), {}, { status: 'completed' }, orderStatusSchema);
  }
  return { platformShipmentId };
}
