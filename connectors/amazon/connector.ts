import { ConnectorError } from '../errors.js';
import type {
  Connector, ConnectorCapabilities, ConnectorDeps, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, ShipmentPush, ShipmentPushResult,
  ShopAccess, StockPushItem, StockPushResult,
} from '../types.js';
import { SpApiClient } from './client.js';
import { LwaTokenProvider } from './lwa.js';
import { pullOrdersPage } from './orders.js';
import { RestrictedTokens } from './rdt.js';
import { pullRefundsPage } from './refunds.js';
import { confirmShipment } from './shipment.js';
import { FEED_MAX_ITEMS, pushStockItems } from './stock.js';

export interface AmazonCredentials {
  sellerId: string;
  marketplaceId: string;
  region: 'na' | 'eu' | 'fe';
  lwaClientId: string;
  lwaClientSecret: string;
  refreshToken: string;
  /** Only to point at a test double; Amazon's is https://api.amazon.com/auth/o2/token. */
  lwaTokenUrl?: string;
  /** The app holds the PII role: fetch a Restricted Data Token so orders come with name, street and phone. */
  piiAccess?: boolean;
  /** productType sent with quantity patches (Listings needs one; "PRODUCT" when the listing's own type is unknown). */
  productType?: string;
}

export const amazonHosts: Record<AmazonCredentials['region'], string> = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
};

export class AmazonConnector implements Connector {
  readonly platform = 'amazon' as const;
  readonly capabilities: ConnectorCapabilities = {
    partialShipment: true, // confirmShipment takes order items and quantities per package
    multipleTrackingNumbers: true, // one package (and tracking number) per confirmShipment call
    updateTrackingLater: false, // no documented way to correct a confirmed package
    stockMode: 'set',
    stockBatchMax: FEED_MAX_ITEMS,
    webhooks: false, // Amazon notifies through SQS/EventBridge, not HTTP webhooks: pulls are the only path
    settleLagSeconds: 150, // *Before bounds must be ≥ 2 minutes before now
  };
  private readonly client: SpApiClient;
  private readonly rdt?: RestrictedTokens;

  constructor(private readonly access: ShopAccess<AmazonCredentials>, private readonly deps: ConnectorDeps) {
    const c = access.credentials;
    const lwa = new LwaTokenProvider(access.shopId, c, deps);
    this.client = new SpApiClient(access.shopId, access.apiBaseUrl ?? amazonHosts[c.region], lwa, deps);
    if (c.piiAccess) this.rdt = new RestrictedTokens(this.client, deps.now);
  }

  pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    const rdt = this.rdt;
    return pullOrdersPage({
      client: this.client, marketplaceId: this.access.credentials.marketplaceId, now: this.deps.now, restrictedToken: rdt ? () => rdt.forOrders() : undefined,
    }, w);
  }

  pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    return pullRefundsPage(this.client, this.deps.now, w);
  }

  pushShipment(s: ShipmentPush): Promise<ShipmentPushResult> {
    return confirmShipment(this.client, this.deps, this.access.credentials.marketplaceId, s);
  }

  pushStock(items: StockPushItem[]): Promise<StockPushResult> {
    if (items.length === 0) return Promise.resolve({ failed: [] });
    const c = this.access.credentials;
    if (!c.sellerId) throw new ConnectorError('invalid', 'an amazon shop needs its sellerId to push stock');
    return pushStockItems({
      client: this.client, shopId: this.access.shopId, sellerId: c.sellerId, marketplaceId: c.marketplaceId,
      productType: c.productType ?? 'PRODUCT', log: this.deps.log,
    }, items);
  }
}
