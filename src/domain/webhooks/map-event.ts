import type { EventType } from './catalogue.js';

/** What the relay reads of an outbox event (src/db/models/event.model.ts). */
export interface OutboxEvent {
  _id: string;
  sellerId: string;
  type: string;
  subject: { kind: string; id: string };
  data: Record<string, unknown>;
  at: Date;
}

export interface Mapped {
  type: EventType;
  data: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Maps the hub's internal event types (written from many places) to the public catalogue, picking only the
 * fields the catalogue promises. Events with no public meaning map to null and are not delivered.
 */
export function mapEvent(e: OutboxEvent): Mapped | null {
  const d = e.data;
  const detail = rec(d.detail);
  const orderId = e.subject.id;
  switch (e.type) {
    case 'order.imported':
      return { type: 'order.imported', data: { orderId, shopId: str(d.shopId) ?? '', platformOrderId: str(d.platformOrderId) ?? '' } };
    case 'order.audited':
    case 'order.pending':
    case 'order.picking':
    case 'order.completed':
      return { type: 'order.updated', data: { orderId, status: e.type.slice('order.'.length) } };
    case 'order.on_hold':
      if (d.type === 'intercepted') {
        return { type: 'order.intercepted', data: { orderId, reason: str(detail.reason), full: bool(detail.full), waybillNumber: str(detail.waybillNumber) } };
      }
      return { type: 'order.held', data: { orderId, reasons: Array.isArray(detail.reasons) ? detail.reasons.map(String) : [] } };
    case 'order.allocated':
      return { type: 'order.allocated', data: { orderId, warehouse: str(detail.warehouse), courier: str(detail.courier) } };
    case 'order.cancelled':
    case 'order.merged':
    case 'order.split':
      return { type: e.type, data: { orderId } };
    case 'order.shipped':
      return { type: 'order.shipped', data: { orderId, parcels: [{ trackingNumber: str(detail.trackingNumber), courier: str(detail.courier) }] } };
    case 'refund.received':
      return { type: 'refund.received', data: { orderId, platformRefundId: str(d.platformRefundId) ?? '', amount: str(d.amount), full: bool(d.full) } };
    case 'aftersales.ticket_created':
      return { type: 'aftersales.ticket.created', data: { ticketId: e.subject.id, type: str(d.type), orderId: str(d.orderId) } };
    case 'aftersales.refund_status':
    case 'aftersales.return_received':
    case 'aftersales.items_missing':
      return { type: 'aftersales.ticket.updated', data: { ticketId: e.subject.id, change: e.type.slice('aftersales.'.length), refundStatus: str(d.refundStatus) } };
    case 'stock.changed':
      return { type: 'stock.changed', data: { skuCode: str(d.skuCode) ?? '', warehouseId: str(d.warehouseId) ?? '', onHand: num(d.onHand), reserved: num(d.reserved), available: num(d.available) } };
    case 'alert.low_stock':
      return { type: 'stock.low', data: { skuCode: str(d.skuCode) ?? '', warehouseId: str(d.warehouseId), available: num(d.available), threshold: num(d.threshold) } };
    case 'shop.needs_reauth':
    case 'shop.sync_failed':
      return { type: e.type, data: { shopId: e.subject.id } };
    case 'purchase.received': {
      const lines = Array.isArray(d.lines) ? d.lines.map(rec) : [];
      return { type: 'purchase_order.received', data: { purchaseOrderId: str(d.poId), receiptId: e.subject.id, lines: lines.map((l) => ({ skuCode: str(l.skuCode) ?? '', accepted: num(l.accepted), rejected: num(l.rejected) })) } };
    }
    case 'webhook.endpoint_disabled':
      return { type: 'webhook.endpoint_disabled', data: { endpointId: e.subject.id, reason: d.reason === 'gone' ? 'gone' : 'failing' } };
    default:
      return null;
  }
}

/**
 * Deliveries of one lane reach an endpoint in order; lanes are independent. A lane is the event's subject
 * (one order, one ticket, one SKU level …), so a failing order holds back only its own later events.
 */
export const laneOf = (e: Pick<OutboxEvent, 'subject'>) => `${e.subject.kind}:${e.subject.id}`;
