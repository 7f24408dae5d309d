import { z } from 'zod';

/**
 * The outgoing webhook event catalogue. Every payload is `{ type, timestamp, version, data }` (the Standard
 * Webhooks payload shape plus the schema version of `data`). A breaking change to a `data` schema gets a new
 * version; receivers switch on `type` and `version`. Payloads carry ids and the changed state: never
 * credentials, never addresses or names of buyers.
 */
const orderId = z.string().describe('hub order id');
const shopId = z.string().describe('hub shop id');

export const catalogue = {
  'order.imported': { version: 1, summary: 'An order arrived from a shop', data: z.object({ orderId, shopId, platformOrderId: z.string() }) },
  'order.updated': { version: 1, summary: 'An order moved to a status without its own event (audited, pending, picking, completed)', data: z.object({ orderId, status: z.string() }) },
  'order.held': { version: 1, summary: 'An order was put on hold, with the reason codes', data: z.object({ orderId, reasons: z.array(z.string()) }) },
  'order.allocated': { version: 1, summary: 'Stock was reserved in a warehouse and a courier chosen', data: z.object({ orderId, warehouse: z.string().nullable(), courier: z.string().nullable() }) },
  'order.intercepted': { version: 1, summary: 'A refund arrived after picking started: the parcel is to be stopped', data: z.object({ orderId, reason: z.string().nullable(), full: z.boolean().nullable(), waybillNumber: z.string().nullable() }) },
  'order.cancelled': { version: 1, summary: 'An order was cancelled', data: z.object({ orderId }) },
  'order.merged': { version: 1, summary: 'An order was merged into another one', data: z.object({ orderId }) },
  'order.split': { version: 1, summary: 'An order was split into parcels', data: z.object({ orderId }) },
  'order.shipped': { version: 1, summary: 'An order left the warehouse', data: z.object({ orderId, parcels: z.array(z.object({ trackingNumber: z.string().nullable(), courier: z.string().nullable() })) }) },
  'refund.received': { version: 1, summary: 'A platform refund reached an order', data: z.object({ orderId, platformRefundId: z.string(), amount: z.string().nullable(), full: z.boolean().nullable() }) },
  'aftersales.ticket.created': { version: 1, summary: 'An after-sales ticket was opened', data: z.object({ ticketId: z.string(), type: z.string().nullable(), orderId: z.string().nullable() }) },
  'aftersales.ticket.updated': { version: 1, summary: 'An after-sales ticket changed (refund status, return received, items missing)', data: z.object({ ticketId: z.string(), change: z.string(), refundStatus: z.string().nullable() }) },
  'stock.changed': { version: 1, summary: 'Available stock of SKUs changed (coalesced per SKU and window)', data: z.object({ skuCode: z.string(), warehouseId: z.string(), onHand: z.number(), reserved: z.number(), available: z.number() }) },
  'stock.low': { version: 1, summary: 'A SKU fell below its low-stock threshold', data: z.object({ skuCode: z.string(), warehouseId: z.string().nullable(), available: z.number(), threshold: z.number() }) },
  'shop.needs_reauth': { version: 1, summary: 'A shop\'s authorisation expired or was revoked: syncs and write-backs stop', data: z.object({ shopId }) },
  'shop.sync_failed': { version: 1, summary: 'Pulling a shop\'s orders failed (reported at most once an hour)', data: z.object({ shopId }) },
  'purchase_order.received': { version: 1, summary: 'Goods of a purchase order were received into stock', data: z.object({ purchaseOrderId: z.string().nullable(), receiptId: z.string(), lines: z.array(z.object({ skuCode: z.string(), accepted: z.number(), rejected: z.number() })) }) },
  'webhook.test': { version: 1, summary: 'Sent by POST /v1/webhook-endpoints/:id/test', data: z.object({ endpointId: z.string() }) },
  'webhook.endpoint_disabled': { version: 1, summary: 'An endpoint was disabled: it answered 410, or failed for too long', data: z.object({ endpointId: z.string(), reason: z.enum(['gone', 'failing']) }) },
} as const;

export type EventType = keyof typeof catalogue;
export const eventTypes = Object.keys(catalogue) as EventType[];
export const isEventType = (t: string): t is EventType => t in catalogue;

/** The events a chat robot endpoint gets when it names none. */
export const robotDefaultTypes: EventType[] = ['order.held', 'order.intercepted', 'stock.low', 'shop.needs_reauth', 'webhook.endpoint_disabled'];

export interface WebhookPayload {
  type: EventType;
  timestamp: string;
  version: number;
  data: Record<string, unknown>;
}

/** The full payload schema of one event type, for the OpenAPI document. */
export function payloadSchema(type: EventType) {
  const e = catalogue[type];
  return z.object({ type: z.literal(type), timestamp: z.iso.datetime(), version: z.literal(e.version), data: e.data }).describe(e.summary);
}
