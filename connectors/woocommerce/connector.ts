import { z } from 'zod';
import { ConnectorError } from '../errors.js';
import type {
  Connector, ConnectorCapabilities, ConnectorDeps, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, ShipmentPush, ShipmentPushResult,
  QuarantinedRecord, ShopAccess, StockPushItem, StockPushResult, WebhookEvent, WebhookInput,
} from '../types.js';
import { WcClient, type WcAuthMode } from './client.js';
import { toNormalizedRefund } from './mapper.js';
import { countOrdersIn, listOrdersPage } from './paging.js';
import { fetchOrder, readOrderPage } from './pull.js';
import { parseItem, wcLineItemSchema, wcListSchema, wcRefundSchema } from './schemas.js';
import { pushShipment, type TrackingMode } from './shipments.js';
import { pushStock, WC_BATCH_MAX } from './stock.js';
import { parseWcWebhook } from './webhook.js';

export interface WooCommerceCredentials {
  consumerKey: string;
  consumerSecret: string;
  webhookSecret?: string;
  /** Override the transport-derived auth (HTTPS ⇒ Basic, HTTP ⇒ OAuth 1.0a); `query` for hosts that strip Authorization. */
  authMode?: WcAuthMode;
  /** Where tracking goes: the Shipment Tracking extension, or customer notes (default). */
  tracking?: TrackingMode;
}

/** The slice of an order a refund pull needs. */
const refundOrderSchema = z.looseObject({
  id: z.number().int(), currency: z.string(), line_items: z.array(wcLineItemSchema), refunds: z.array(z.unknown()).optional(),
});
const REFUND_ORDER_FIELDS = 'id,currency,date_modified_gmt,line_items,refunds';

export class WooCommerceConnector implements Connector {
  readonly platform = 'woocommerce' as const;
  readonly capabilities: ConnectorCapabilities;
  private readonly client: WcClient;
  private readonly tracking: TrackingMode;

  constructor(private readonly access: ShopAccess<WooCommerceCredentials>, deps: ConnectorDeps) {
    if (!access.apiBaseUrl) throw new ConnectorError('invalid', 'a WooCommerce shop needs apiBaseUrl (the site URL)');
    const c = access.credentials;
    this.tracking = c.tracking ?? 'notes';
    this.client = new WcClient({ shopId: access.shopId, siteUrl: access.apiBaseUrl, consumerKey: c.consumerKey, consumerSecret: c.consumerSecret, authMode: c.authMode }, deps);
    this.capabilities = {
      partialShipment: false, // no line-level fulfilment in WooCommerce: parcels are tracking entries on the order
      multipleTrackingNumbers: true, // several tracking items (extension) or several notes
      updateTrackingLater: this.tracking === 'extension', // tracking items can be deleted and re-added; notes cannot be edited
      stockMode: 'set',
      stockBatchMax: WC_BATCH_MAX,
      delistAtZero: true, // catalog_visibility (products) and status (variations)
      webhooks: Boolean(c.webhookSecret),
      settleLagSeconds: 5, // dates have whole-second precision; stay clear of the current second
      refundsWithOrders: true, // order.refunds[] names them; GET /refunds?parent= reads them per page
    };
  }

  /** A page of orders modified in the window, with the refunds of its refunded orders (one extra call at most). */
  async pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    const page = await listOrdersPage(this.client, 'orders', w);
    return { ...(await readOrderPage(this.client, page.items)), nextCursor: page.nextCursor };
  }

  fetchOrder(platformOrderId: string): Promise<PullPage<NormalizedOrder>> {
    return fetchOrder(this.client, platformOrderId);
  }

  reparse(record: QuarantinedRecord): Promise<PullPage<NormalizedOrder>> {
    return readOrderPage(this.client, [record.raw]);
  }

  /** A refund re-saves its order with a new date_modified, so refunds are found through the orders modified in the window. */
  async pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    const page = await listOrdersPage(this.client, 'refunds', w, { _fields: REFUND_ORDER_FIELDS });
    const items: NormalizedRefund[] = [];
    for (const raw of page.items) {
      const order = parseItem(refundOrderSchema, raw, 'order');
      if (!order.refunds?.length) continue;
      const res = await this.client.request('refunds', 'GET', `/wc/v3/orders/${order.id}/refunds`, { per_page: 100 }, undefined, wcListSchema);
      for (const r of res.data) items.push(toNormalizedRefund(parseItem(wcRefundSchema, r, 'refund'), order));
    }
    return { items, nextCursor: page.nextCursor };
  }

  countOrders(w: Omit<PullWindow, 'cursor'>): Promise<number> {
    return countOrdersIn(this.client, w);
  }

  pushShipment(s: ShipmentPush): Promise<ShipmentPushResult> {
    return pushShipment(this.client, this.tracking, s);
  }

  pushStock(items: StockPushItem[]): Promise<StockPushResult> {
    return pushStock(this.client, items);
  }

  parseWebhook(input: WebhookInput): WebhookEvent {
    return parseWcWebhook(this.access.credentials.webhookSecret, input);
  }
}
