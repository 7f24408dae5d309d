import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

/**
 * The contract every storefront connector implements. Connectors speak a platform's real API and
 * translate it into these normalized shapes; they never touch the hub's store or queues.
 */
export const platforms = ['sandbox', 'shopify', 'woocommerce', 'amazon', 'taobao', 'shopee', 'pinduoduo'] as const;
export type Platform = (typeof platforms)[number];

/** Money is carried as a decimal string ("12.50") so no float rounding creeps in. */
export type Money = string;

export interface NormalizedAddress {
  name: string;
  phone?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2 where the platform gives it. */
  country: string;
}

export interface NormalizedOrderLine {
  /** The platform's id of the line (Shopify line_item id, Taobao oid, Amazon OrderItemId …). */
  lineId: string;
  /** The merchant SKU code the platform carries for the listing, if any. */
  platformSku?: string;
  platformProductId?: string;
  platformVariantId?: string;
  title?: string;
  quantity: number;
  unitPrice: Money;
}

/** Where the order stands on the platform, normalized. */
export type PlatformOrderState =
  | 'unpaid'
  | 'paid'
  | 'partially_shipped'
  | 'shipped'
  | 'completed'
  | 'cancelled'
  | 'refunded';

export interface NormalizedOrder {
  platformOrderId: string;
  /** The platform's own status string, verbatim. */
  platformStatus: string;
  state: PlatformOrderState;
  platformCreatedAt: Date;
  platformUpdatedAt: Date;
  currency: string;
  buyer: { platformBuyerId?: string; name?: string; email?: string; phone?: string };
  address?: NormalizedAddress;
  lines: NormalizedOrderLine[];
  amounts: { subtotal: Money; shipping: Money; tax: Money; discount: Money; total: Money };
  remarks?: { buyer?: string; seller?: string };
  flags?: { cod?: boolean; presale?: boolean; risk?: string[] };
}

export type RefundState = 'requested' | 'approved' | 'succeeded' | 'rejected' | 'closed';

export interface NormalizedRefund {
  platformRefundId: string;
  platformOrderId: string;
  state: RefundState;
  /** Lines refunded; absent means the whole order. */
  lines?: { lineId: string; quantity: number }[];
  amount?: Money;
  currency?: string;
  reason?: string;
  platformUpdatedAt: Date;
}

/** A time window to pull, plus the connector's own opaque cursor for resuming inside it. */
export interface PullWindow {
  since: Date;
  until: Date;
  cursor?: string;
}

/** One page of a pull. `nextCursor` absent or null means the window is exhausted. */
export interface PullPage<T> {
  items: T[];
  nextCursor?: string | null;
  /** Refunds read from the same order pages (connectors with capabilities.refundsWithOrders). */
  refunds?: NormalizedRefund[];
  /** Records of this page that did not parse: the rest of the page goes on, these are kept raw for a later retry. */
  quarantined?: QuarantinedRecord[];
}

/** A platform record that did not parse: kept raw with the validation error (see src/services/quarantine.service.ts). */
export interface QuarantinedRecord {
  kind: 'order' | 'refund';
  /** The record's id as far as it could be read (an order id, a refund id). */
  platformRecordId?: string;
  /** The order the record belongs to, where it can be read. */
  platformOrderId?: string;
  raw: unknown;
  error: string;
}

export interface ShipmentPush {
  platformOrderId: string;
  /** The hub's id for this parcel: stable across retries, usable as an idempotency key. */
  shipmentId: string;
  trackingNumber: string;
  courierCode: string;
  courierName?: string;
  /** Lines and quantities in this parcel (platform line ids). */
  lines: { lineId: string; quantity: number }[];
  /** True when the parcel does not complete the order. */
  partial: boolean;
  shippedAt: Date;
}

export interface ShipmentPushResult {
  platformShipmentId?: string;
}

export interface StockPushItem {
  skuCode: string;
  platformSku?: string;
  platformProductId?: string;
  platformVariantId?: string;
  /** The quantity the listing should show as available. */
  quantity: number;
  /** false: take the listing off sale, true: put it back on sale; only sent where capabilities.delistAtZero. */
  listed?: boolean;
}

export interface StockPushResult {
  failed: { skuCode: string; reason: string }[];
}

export interface ConnectorCapabilities {
  /** Line- and quantity-level fulfilment (one order shipped in several parcels). */
  partialShipment: boolean;
  /** More than one tracking number per order. */
  multipleTrackingNumbers: boolean;
  /** Tracking can be corrected after it was first sent. */
  updateTrackingLater: boolean;
  /** Whether stock is pushed as an absolute value or a delta. */
  stockMode: 'set' | 'adjust';
  /** Most stock items one call accepts. */
  stockBatchMax: number;
  /** The connector honours StockPushItem.listed (takes a listing off sale at zero and back on). */
  delistAtZero?: boolean;
  webhooks: boolean;
  /** Longest window one list call may span, in seconds (connectors split longer windows themselves). */
  maxWindowSeconds?: number;
  /** How far behind "now" a pull window must end for the platform's index to have settled. */
  settleLagSeconds: number;
  /** Refunds arrive on the order pages (PullPage.refunds): the hub runs no separate refund pass. */
  refundsWithOrders?: boolean;
}

export interface WebhookInput {
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  /** The full URL the webhook was delivered to (some platforms sign it). */
  url: string;
}

export interface WebhookEvent {
  /** Stable id for de-duplication of redeliveries: taken from what the signature covers (an event id inside the body, else a hash of the signed body). */
  eventId: string;
  topic: string;
  platformOrderId?: string;
  /** The platform's own signed timestamp of the event, where it signs one (replay window check). */
  signedAt?: Date;
  /** A registration ping (e.g. WooCommerce's unsigned `webhook_id=N`): answered, nothing stored. */
  ping?: boolean;
}

export interface Connector {
  readonly platform: Platform;
  readonly capabilities: ConnectorCapabilities;
  pullOrders(window: PullWindow): Promise<PullPage<NormalizedOrder>>;
  pullRefunds(window: PullWindow): Promise<PullPage<NormalizedRefund>>;
  pushShipment(shipment: ShipmentPush): Promise<ShipmentPushResult>;
  pushStock(items: StockPushItem[]): Promise<StockPushResult>;
  /** Number of orders changed in the window, for count reconciliation (where the platform can tell). */
  countOrders?(window: Omit<PullWindow, 'cursor'>): Promise<number>;
  /** Verifies a webhook's signature and parses it; throws ConnectorError('invalid_signature') when it does not verify. */
  parseWebhook?(input: WebhookInput): WebhookEvent;
  /** Reads one order (and its refunds) from the platform now: the webhook fast path. */
  fetchOrder?(platformOrderId: string): Promise<PullPage<NormalizedOrder>>;
  /** Parses a record this connector quarantined earlier again (after an upgrade); throws when it still does not parse. */
  reparse?(record: QuarantinedRecord): Promise<PullPage<NormalizedOrder>>;
}

/** What a connector needs from the hub: an HTTP client factory, a clock, a shared throttle and a logger. */
export interface ConnectorDeps {
  now: () => Date;
  limiter: RateLimiter;
  log: { debug(obj: object, msg?: string): void; info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** Persists credentials the connector refreshed (e.g. a rotated access/refresh token pair), encrypted by the hub. */
  saveCredentials?: (next: Record<string, unknown>) => Promise<void>;
  /**
   * Runs `fn` while no other worker process runs `name` for this shop (e.g. a token refresh: platforms that
   * rotate refresh tokens burn the pair when two processes refresh at once).
   */
  exclusive?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** The shop's credentials as stored now (another process may have refreshed them since this connector was made). */
  loadCredentials?: () => Promise<Record<string, unknown> | null>;
  /** The HTTP agents for a base URL under the hub's egress policy (src/egress.ts); absent: node's defaults. */
  egress?: EgressHook;
}

export type EgressHook = (baseURL: string) => { httpAgent?: HttpAgent; httpsAgent?: HttpsAgent };

/** A throttle shared by every worker process (Redis-backed in production, see src/rate-limit). */
export interface RateLimiter {
  /** Waits until one call (or `cost` units) under `key` may go out. */
  acquire(key: string, opts: { ratePerSec: number; burst: number; cost?: number }): Promise<void>;
  /** Tells the limiter the platform asked us to back off `key` for `ms` milliseconds. */
  pause(key: string, ms: number): Promise<void>;
  /** Gives back units a call took but did not use (e.g. GraphQL's actual cost below the requested cost). */
  refund?(key: string, units: number, opts: { burst: number }): Promise<void>;
}

/** A connected shop as the connector sees it: credentials already decrypted, for this call only. */
export interface ShopAccess<C = Record<string, unknown>> {
  shopId: string;
  platform: Platform;
  credentials: C;
  apiBaseUrl?: string;
}
