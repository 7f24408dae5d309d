import { Schema, type Connection } from 'mongoose';
import { platforms, type NormalizedAddress, type Platform, type PlatformOrderState } from '../../../connectors/types.js';
import { hubStatuses, type Hold, type HubStatus, type OrderLine, type Reservation } from '../../domain/order.js';
import type { PipelineTrace } from '../../domain/trace.js';

export interface ShipmentRecord {
  shipmentId: string;
  trackingNumber: string;
  courierCode: string;
  /** `platformOrderId` only when the parcel carries lines of another platform order (a merged parcel). */
  lines: { lineId: string; quantity: number; platformOrderId?: string }[];
  shippedAt: Date;
  /** not_applicable: never written back, by design (`reason` says why: e.g. an after-sales replacement has no platform order). */
  push: { state: 'pending' | 'pushed' | 'failed' | 'not_applicable'; attempts: number; lastError?: string; pushedAt?: Date; platformShipmentId?: string; reason?: string };
  /** Exactly what was sent (or why not) per platform order: see src/domain/writeback-plan.ts. */
  pushes?: ShipmentPushRecord[];
}

export interface ShipmentPushRecord {
  platformOrderId: string;
  /** sending: the call went out and no answer was recorded yet (a retry re-sends the same fingerprint). */
  state: 'sending' | 'sent' | 'not_sent' | 'failed';
  fingerprint?: string;
  trackingNumber: string;
  courierCode: string;
  lines?: { lineId: string; quantity: number }[];
  partial?: boolean;
  reason?: string;
  detail?: string;
  attempts: number;
  lastError?: string;
  at: Date;
  platformShipmentId?: string;
}

export interface TimelineEntry {
  at: Date;
  type: string;
  by: string;
  data?: Record<string, unknown>;
}

export interface OrderDoc {
  _id: string;
  sellerId: string;
  shopId: string;
  platform: Platform;
  platformOrderId: string;
  platformStatus: string;
  platformState: PlatformOrderState;
  platformCreatedAt: Date;
  platformUpdatedAt: Date;
  currency: string;
  buyer: { platformBuyerId?: string; name?: string; email?: string; phone?: string };
  address?: NormalizedAddress;
  lines: OrderLine[];
  amounts: { subtotal: string; shipping: string; tax: string; discount: string; total: string };
  remarks?: { buyer?: string; seller?: string };
  /** Platform flags from the connector: cash on delivery, presale, risk markers. */
  flags?: { cod?: boolean; presale?: boolean; risk?: string[] };
  hubStatus: HubStatus;
  holds: Hold[];
  warehouseId?: string;
  courierCode?: string;
  allocationSeq: number;
  reservations: Reservation[];
  /** Reservation keys that may still hold stock, written before they are applied (see releaseHeld). */
  stockKeys?: string[];
  /** Where the order's stock effects stand; the sweeper finishes any that a crash left half-done. */
  stockState: 'none' | 'reserved' | 'releasing' | 'released' | 'deducting' | 'deducted';
  shipments: ShipmentRecord[];
  /** A shipment being applied (stock deduction in progress); cleared once the order is shipped. */
  pendingShipment?: ShipmentRecord | null;
  refundIds: string[];
  /** 合单: the master order this one was absorbed into. */
  mergedInto?: string | null;
  /** 拆单: the child orders this one was split into. */
  children?: string[];
  doNotMerge?: boolean;
  /** 合单: on a master, the originals whose lines it carries. */
  mergeSources?: string[];
  /** 拆单: on a child, its parent. */
  splitFrom?: string | null;
  /** 拆单: the parcels decided for this order, journaled before the children are written (a retry reuses them). */
  splitPlan?: { parcels: { warehouseId?: string; presale: boolean; lines: { lineId: string; quantity: number }[]; why: string }[] } | null;
  /** CS pinned the warehouse / courier the next pipeline run must use. */
  assignedWarehouseId?: string | null;
  /** When an on-hold order's holds clear by themselves (hold-until, presale): the sweeper releases it then. */
  recheckAt?: Date | null;
  assignedCourierCode?: string | null;
  /** Set when a refund or cancellation arrived after picking started (退款拦截): the parcel must be stopped. */
  intercepted?: { at: Date; reason: string; full: boolean; platformRefundId?: string } | null;
  /** The waybill printed when picking started. */
  waybillNumber?: string;
  /** The last pipeline run: every rule evaluated, with its id, version and outcome. */
  lastRun?: PipelineTrace | null;
  timeline: TimelineEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<OrderDoc>(
  {
    _id: { type: String, required: true },
    sellerId: { type: String, required: true },
    shopId: { type: String, required: true },
    platform: { type: String, enum: platforms, required: true },
    platformOrderId: { type: String, required: true },
    platformStatus: { type: String, required: true },
    platformState: { type: String, required: true },
    platformCreatedAt: { type: Date, required: true },
    platformUpdatedAt: { type: Date, required: true },
    currency: { type: String, required: true },
    buyer: { type: Schema.Types.Mixed, default: () => ({}) },
    address: Schema.Types.Mixed,
    lines: { type: [Schema.Types.Mixed] as never, default: [] },
    amounts: { type: Schema.Types.Mixed, required: true },
    remarks: Schema.Types.Mixed,
    flags: Schema.Types.Mixed,
    hubStatus: { type: String, enum: hubStatuses, required: true },
    holds: { type: [Schema.Types.Mixed] as never, default: [] },
    warehouseId: String,
    courierCode: String,
    allocationSeq: { type: Number, default: 0 },
    reservations: { type: [Schema.Types.Mixed] as never, default: [] },
    stockKeys: { type: [String], default: [] },
    stockState: { type: String, default: 'none' },
    shipments: { type: [Schema.Types.Mixed] as never, default: [] },
    pendingShipment: Schema.Types.Mixed,
    refundIds: { type: [String], default: [] },
    lastRun: Schema.Types.Mixed,
    intercepted: Schema.Types.Mixed,
    mergedInto: String,
    children: { type: [String], default: undefined },
    doNotMerge: Boolean,
    mergeSources: { type: [String], default: undefined },
    splitFrom: String,
    splitPlan: Schema.Types.Mixed,
    assignedWarehouseId: String,
    recheckAt: Date,
    assignedCourierCode: String,
    waybillNumber: String,
    timeline: { type: [Schema.Types.Mixed] as never, default: [] },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
schema.index({ shopId: 1, platformOrderId: 1 }, { unique: true });
schema.index({ sellerId: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, hubStatus: 1, updatedAt: 1, _id: 1 });
schema.index({ sellerId: 1, shopId: 1, updatedAt: 1, _id: 1 });
schema.index({ hubStatus: 1, updatedAt: 1 });
schema.index({ stockState: 1, hubStatus: 1 });
// Search (GET /v1/orders?q=): one exact-match index per searchable field (src/services/order-search.ts).
schema.index({ sellerId: 1, platformOrderId: 1 });
schema.index({ sellerId: 1, 'buyer.phone': 1 });
schema.index({ sellerId: 1, 'address.phone': 1 });
schema.index({ sellerId: 1, waybillNumber: 1 });
schema.index({ sellerId: 1, 'shipments.trackingNumber': 1 });

export const orderModel = (c: Connection) => c.model<OrderDoc>('Order', schema, 'orders');
