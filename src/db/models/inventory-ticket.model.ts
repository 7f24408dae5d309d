import { Schema, type Connection } from 'mongoose';
import type { TicketParcel } from '../../domain/aftersales-parcels.js';
import type { TicketLine, TicketStatus, TicketType } from '../../domain/inventory-aftersales.js';

/** An after-sales ticket (售后单): return, exchange or resend of some lines of an order. */
export interface TicketDoc {
  _id: string;
  sellerId: string;
  type: TicketType;
  status: TicketStatus;
  orderId: string;
  shopId: string;
  source: 'cs' | 'platform';
  /** Set when the ticket's id derives from it (one ticket per platform refund, or per client idempotency key). */
  dedupeKey?: string;
  platformRefundId?: string;
  refundStatus: string;
  reason?: string;
  returnTrackingNumber?: string;
  lines: TicketLine[];
  replacementLines: { skuCode: string; quantity: number }[];
  replacementOrderId?: string;
  flags: string[];
  /** The parcels that shipped the order's lines (its own, its split children's or its master's). */
  parcels?: TicketParcel[];
  receipt?: { warehouseId: string; by: string; at: Date; missing: number };
  timeline: { at: Date; type: string; by: string; data?: Record<string, unknown> }[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<TicketDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    type: { type: String, required: true },
    status: { type: String, required: true },
    orderId: { type: String, required: true },
    shopId: { type: String, required: true },
    source: { type: String, required: true },
    dedupeKey: String,
    platformRefundId: String,
    refundStatus: { type: String, default: 'none' },
    reason: String,
    returnTrackingNumber: String,
    lines: { type: [Schema.Types.Mixed] as never, default: [] },
    replacementLines: { type: [Schema.Types.Mixed] as never, default: [] },
    replacementOrderId: String,
    flags: { type: [String], default: [] },
    parcels: { type: [Schema.Types.Mixed] as never, default: undefined },
    receipt: Schema.Types.Mixed,
    timeline: { type: [Schema.Types.Mixed] as never, default: [] },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.index({ sellerId: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, status: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, orderId: 1 });
schema.index({ sellerId: 1, returnTrackingNumber: 1 });

export const ticketModel = (c: Connection) => c.model<TicketDoc>('InventoryTicket', schema, 'inventory_tickets');
