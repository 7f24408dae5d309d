import { ConnectorError } from '../errors.js';
import type {
  Connector, ConnectorCapabilities, ConnectorDeps, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, ShipmentPush, ShipmentPushResult,
  QuarantinedRecord, ShopAccess, StockPushItem, StockPushResult, WebhookEvent, WebhookInput,
} from '../types.js';
import { ShopifyClient } from './client.js';
import { pushShipment } from './fulfil.js';
import { countOrders, fetchOrder, pullOrders, pullRefunds, readOrders } from './pull.js';
import { STOCK_BATCH_MAX, StockPusher } from './stock.js';
import { parseShopifyWebhook } from './webhook.js';

export interface ShopifyCredentials {
  /** `acme.myshopify.com` */
  shopDomain: string;
  /** Offline Admin API access token (`shpat_…`); Shopify's offline tokens do not expire, so there is no refresh. */
  accessToken: string;
  /** The app's client secret: it signs webhooks. */
  webhookSecret: string;
  /** The secret before a rotation, still accepted for webhooks while Shopify switches over (up to 1 h). */
  previousWebhookSecret?: string;
  /** Location whose "available" stock the hub sets (numeric id or GID); default: the shop's primary location. */
  locationId?: string;
}

export class ShopifyConnector implements Connector {
  readonly platform = 'shopify' as const;
  readonly capabilities: ConnectorCapabilities = {
    partialShipment: true, // fulfillment orders accept line- and quantity-level fulfilments
    multipleTrackingNumbers: true, // one fulfillment per parcel, each with its own tracking
    updateTrackingLater: false, // Shopify can (fulfillmentTrackingInfoUpdate) but the Connector contract has no call for it
    stockMode: 'set',
    stockBatchMax: STOCK_BATCH_MAX,
    delistAtZero: true, // product status DRAFT / ACTIVE
    webhooks: true,
    settleLagSeconds: 60, // the order search index lags writes by seconds
    refundsWithOrders: true, // refunds(first: N) on every order node
  };
  private readonly client: ShopifyClient;
  private readonly stock: StockPusher;

  constructor(private readonly access: ShopAccess<ShopifyCredentials>, deps: ConnectorDeps, opts: { backoffMs?: number } = {}) {
    const c = access.credentials;
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(c.shopDomain)) throw new ConnectorError('invalid', 'shopify shopDomain must be <shop>.myshopify.com');
    const baseUrl = access.apiBaseUrl ?? `https://${c.shopDomain}`;
    this.client = new ShopifyClient({ shopId: access.shopId, baseUrl, accessToken: c.accessToken, backoffMs: opts.backoffMs }, deps);
    this.stock = new StockPusher(this.client, c.locationId);
  }

  pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    return pullOrders(this.client, w);
  }

  pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    return pullRefunds(this.client, w);
  }

  countOrders(w: Omit<PullWindow, 'cursor'>): Promise<number> {
    return countOrders(this.client, w);
  }

  fetchOrder(platformOrderId: string): Promise<PullPage<NormalizedOrder>> {
    return fetchOrder(this.client, platformOrderId);
  }

  reparse(record: QuarantinedRecord): Promise<PullPage<NormalizedOrder>> {
    return readOrders(this.client, [record.raw]);
  }

  pushShipment(s: ShipmentPush): Promise<ShipmentPushResult> {
    return pushShipment(this.client, s);
  }

  pushStock(items: StockPushItem[]): Promise<StockPushResult> {
    return this.stock.push(items);
  }

  parseWebhook(input: WebhookInput): WebhookEvent {
    const c = this.access.credentials;
    const secrets = c.previousWebhookSecret ? [c.webhookSecret, c.previousWebhookSecret] : [c.webhookSecret];
    return parseShopifyWebhook(input, secrets, c.shopDomain);
  }
}
