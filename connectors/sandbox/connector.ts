import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorError } from '../errors.js';
import { bodyDigest } from '../webhook-policy.js';
import type {
  Connector, ConnectorCapabilities, ConnectorDeps, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, ShipmentPush, ShipmentPushResult,
  ShopAccess, StockPushItem, StockPushResult, WebhookEvent, WebhookInput,
} from '../types.js';
import { SandboxClient } from './client.js';
import { toNormalizedOrder, toNormalizedRefund } from './mapper.js';
import {
  countSchema, fulfillmentResponseSchema, inventoryResponseSchema, orderPageSchema, refundPageSchema, sandboxOrderSchema, sandboxRefundSchema, sandboxWebhookSchema,
} from './schemas.js';

export interface SandboxCredentials {
  apiKey: string;
  webhookSecret: string;
}

const PAGE_SIZE = 50;

function parseItem<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, v: unknown, what: string): T {
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const id = (v as { id?: unknown })?.id;
  throw new ConnectorError('invalid_payload', `sandbox ${what} ${String(id ?? '?')}: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
}

export class SandboxConnector implements Connector {
  readonly platform = 'sandbox' as const;
  readonly capabilities: ConnectorCapabilities = {
    partialShipment: true,
    multipleTrackingNumbers: true,
    updateTrackingLater: false,
    stockMode: 'set',
    stockBatchMax: 50,
    webhooks: true,
    settleLagSeconds: 1,
  };
  private readonly client: SandboxClient;

  constructor(private readonly access: ShopAccess<SandboxCredentials>, deps: ConnectorDeps) {
    if (!access.apiBaseUrl) throw new ConnectorError('invalid', 'a sandbox shop needs apiBaseUrl (the storefront address)');
    this.client = new SandboxClient(access.shopId, access.apiBaseUrl, access.credentials.apiKey, deps);
  }

  private windowParams(w: PullWindow) {
    return w.cursor
      ? { cursor: w.cursor, limit: PAGE_SIZE }
      : { updated_since: w.since.toISOString(), updated_until: w.until.toISOString(), limit: PAGE_SIZE };
  }

  async pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    const page = await this.client.get('/orders', this.windowParams(w), orderPageSchema);
    return { items: page.orders.map((o) => toNormalizedOrder(parseItem(sandboxOrderSchema, o, 'order'))), nextCursor: page.next_cursor };
  }

  async pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    const page = await this.client.get('/refunds', this.windowParams(w), refundPageSchema);
    return { items: page.refunds.map((r) => toNormalizedRefund(parseItem(sandboxRefundSchema, r, 'refund'))), nextCursor: page.next_cursor };
  }

  async countOrders(w: Omit<PullWindow, 'cursor'>): Promise<number> {
    const r = await this.client.get('/orders/count', { updated_since: w.since.toISOString(), updated_until: w.until.toISOString() }, countSchema);
    return r.count;
  }

  async pushShipment(s: ShipmentPush): Promise<ShipmentPushResult> {
    const r = await this.client.post(`/orders/${encodeURIComponent(s.platformOrderId)}/fulfillments`, {
      tracking_number: s.trackingNumber,
      tracking_company: s.courierName ?? s.courierCode,
      line_items: s.lines.map((l) => ({ id: l.lineId, quantity: l.quantity })),
      idempotency_key: s.shipmentId,
    }, fulfillmentResponseSchema);
    return { platformShipmentId: r.fulfillment.id };
  }

  async pushStock(items: StockPushItem[]): Promise<StockPushResult> {
    if (items.length > this.capabilities.stockBatchMax) throw new ConnectorError('invalid', `at most ${this.capabilities.stockBatchMax} items per inventory call`);
    const skuOf = (i: StockPushItem) => i.platformSku ?? i.skuCode;
    const r = await this.client.post('/inventory/set', { items: items.map((i) => ({ sku: skuOf(i), available: Math.max(0, i.quantity) })) }, inventoryResponseSchema);
    const bad = new Map(r.results.filter((x) => x.status !== 'ok').map((x) => [x.sku, x.status]));
    return { failed: items.filter((i) => bad.has(skuOf(i))).map((i) => ({ skuCode: i.skuCode, reason: bad.get(skuOf(i))! })) };
  }

  parseWebhook(input: WebhookInput): WebhookEvent {
    const given = Buffer.from(input.headers['x-sandbox-signature'] ?? '', 'base64');
    const expected = createHmac('sha256', this.access.credentials.webhookSecret).update(input.rawBody).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ConnectorError('invalid_signature', 'X-Sandbox-Signature does not match the body');
    }
    // De-duplicated on the signed body, not on the unsigned X-Sandbox-Event-Id header.
    const eventId = input.headers['x-sandbox-event-id'] ? bodyDigest('sandbox', input.rawBody) : undefined;
    const topic = input.headers['x-sandbox-topic'];
    if (!eventId || !topic) throw new ConnectorError('invalid_payload', 'webhook without X-Sandbox-Event-Id or X-Sandbox-Topic');
    let body: unknown;
    try {
      body = JSON.parse(input.rawBody.toString('utf8'));
    } catch {
      throw new ConnectorError('invalid_payload', 'webhook body is not JSON');
    }
    const parsed = sandboxWebhookSchema.safeParse(body);
    if (!parsed.success) throw new ConnectorError('invalid_payload', 'webhook body has no id');
    return { eventId, topic, platformOrderId: topic.startsWith('refunds/') ? parsed.data.order_id : parsed.data.id };
  }
}
