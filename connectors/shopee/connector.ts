import type { RefreshGuard } from './auth.js';
import type {
  Connector, ConnectorCapabilities, ConnectorDeps, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, ShipmentPush, ShipmentPushResult,
  QuarantinedRecord, ShopAccess, StockPushItem, StockPushResult, WebhookEvent, WebhookInput,
} from '../types.js';
import { SHOPEE_LIVE_URL, ShopeeClient } from './client.js';
import { countOrdersIn, fetchOrder, parseOrders, pullOrderPage, pullReturnPage } from './pull.js';
import { RecordSieve } from '../records.js';
import { pushShopeeShipment } from './ship.js';
import { pushShopeeStock, STOCK_MODELS_PER_CALL } from './stock.js';
import type { ShopeeTokens } from './tokens.js';
import { parseShopeePush } from './webhook.js';
import { MAX_SPAN_SECONDS } from './window.js';

export interface ShopeeCredentials {
  partnerId: number;
  partnerKey: string;
  /** Shopee's shop_id (not the hub's shop id). */
  shopeeShopId: number;
  accessToken: string;
  refreshToken: string;
  /** ISO time the access token expires (4 h after issue); refreshed early when known. */
  accessTokenExpiresAt?: string;
  /** The push callback URL exactly as configured on Shopee (it is part of the signed message). */
  pushCallbackUrl?: string;
}

/** Shopee rotates the refresh token on every refresh: the new pair replaces the old one in the shop's credentials. */
function persistInto(c: ShopeeCredentials, save: NonNullable<ConnectorDeps['saveCredentials']>) {
  return (t: ShopeeTokens): Promise<void> => save({
    ...c, accessToken: t.accessToken, refreshToken: t.refreshToken,
    ...(t.expiresAt > 0 ? { accessTokenExpiresAt: new Date(t.expiresAt).toISOString() } : {}),
  });
}

export class ShopeeConnector implements Connector {
  readonly platform = 'shopee' as const;
  readonly capabilities: ConnectorCapabilities = {
    partialShipment: false,
    multipleTrackingNumbers: false,
    updateTrackingLater: false,
    stockMode: 'set',
    delistAtZero: true, // product/unlist_item
    stockBatchMax: STOCK_MODELS_PER_CALL,
    webhooks: true,
    maxWindowSeconds: MAX_SPAN_SECONDS,
    settleLagSeconds: 60,
  };
  private readonly client: ShopeeClient;

  constructor(private readonly access: ShopAccess<ShopeeCredentials>, private readonly deps: ConnectorDeps) {
    const c = access.credentials;
    this.client = new ShopeeClient({
      hubShopId: access.shopId, baseUrl: access.apiBaseUrl ?? SHOPEE_LIVE_URL, partnerId: c.partnerId, partnerKey: c.partnerKey, shopeeShopId: c.shopeeShopId,
      tokens: { accessToken: c.accessToken, refreshToken: c.refreshToken, accessTokenExpiresAt: c.accessTokenExpiresAt },
      persistTokens: deps.saveCredentials ? persistInto(c, deps.saveCredentials) : undefined,
      refreshGuard: deps.exclusive && deps.loadCredentials ? refreshGuard(deps.exclusive, deps.loadCredentials) : undefined,
    }, deps);
  }

  pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    return pullOrderPage(this.client, w);
  }

  pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    return pullReturnPage(this.client, w);
  }

  fetchOrder(orderSn: string): Promise<PullPage<NormalizedOrder>> {
    return fetchOrder(this.client, orderSn);
  }

  async reparse(record: QuarantinedRecord): Promise<PullPage<NormalizedOrder>> {
    if (record.kind === 'refund') return { items: [], quarantined: [record] };
    const sieve = new RecordSieve();
    return { items: await parseOrders([record.raw], sieve), quarantined: sieve.quarantined };
  }

  countOrders(w: Omit<PullWindow, 'cursor'>): Promise<number> {
    return countOrdersIn(this.client, w.since, w.until);
  }

  pushShipment(s: ShipmentPush): Promise<ShipmentPushResult> {
    return pushShopeeShipment(this.client, this.deps, this.access.shopId, s);
  }

  pushStock(items: StockPushItem[]): Promise<StockPushResult> {
    return pushShopeeStock(this.client, items);
  }

  parseWebhook(input: WebhookInput): WebhookEvent {
    const c = this.access.credentials;
    return parseShopeePush(input, c.partnerKey, c.pushCallbackUrl ?? input.url, c.shopeeShopId);
  }
}

/** The hub's cross-process lock and stored credentials, as the token keeper needs them. */
function refreshGuard(exclusive: NonNullable<ConnectorDeps['exclusive']>, load: NonNullable<ConnectorDeps['loadCredentials']>): RefreshGuard {
  return {
    exclusive,
    async reload() {
      const c = await load();
      if (!c || typeof c.accessToken !== 'string' || typeof c.refreshToken !== 'string') return null;
      const exp = typeof c.accessTokenExpiresAt === 'string' ? Date.parse(c.accessTokenExpiresAt) : 0;
      return { accessToken: c.accessToken, refreshToken: c.refreshToken, expiresAt: Number.isNaN(exp) ? 0 : exp };
    },
  };
}
