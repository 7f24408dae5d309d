import { ConnectorError } from '../errors.js';
import { bodyDigest } from '../webhook-policy.js';
import type { WebhookEvent, WebhookInput } from '../types.js';
import { parseJsonLossless } from './ids.js';
import { webhookBodySchema } from './schemas.js';
import { verifyShopifyWebhook } from './signing.js';

const REQUIRED = ['x-shopify-topic', 'x-shopify-hmac-sha256', 'x-shopify-shop-domain', 'x-shopify-webhook-id'] as const;

function header(h: WebhookInput['headers'], name: string): string | undefined {
  const direct = h[name];
  if (direct !== undefined) return direct;
  const found = Object.keys(h).find((k) => k.toLowerCase() === name);
  return found ? h[found] : undefined;
}

/**
 * Verifies `X-Shopify-Hmac-Sha256` over the raw bytes (timing-safe, before any parsing; the previous secret
 * is still accepted during a rotation), checks the delivery is for this shop, then reads which order it
 * concerns. `eventId` is a digest of the signed body: `X-Shopify-Event-Id` / `X-Shopify-Webhook-Id` are not
 * signed, so a replayed body with a fresh id header must still be recognised (Shopify retries send the same body).
 */
export function parseShopifyWebhook(input: WebhookInput, secrets: string[], shopDomain: string): WebhookEvent {
  const missing = REQUIRED.filter((n) => !header(input.headers, n));
  if (missing.includes('x-shopify-hmac-sha256')) throw new ConnectorError('invalid_signature', 'shopify webhook without X-Shopify-Hmac-Sha256');
  if (!verifyShopifyWebhook(secrets, input.rawBody, header(input.headers, 'x-shopify-hmac-sha256'))) {
    throw new ConnectorError('invalid_signature', 'X-Shopify-Hmac-Sha256 does not match the body');
  }
  if (missing.length > 0) throw new ConnectorError('invalid_payload', `shopify webhook without ${missing.join(', ')}`);
  const domain = header(input.headers, 'x-shopify-shop-domain')!.toLowerCase();
  if (domain !== shopDomain.toLowerCase()) {
    throw new ConnectorError('invalid_signature', `shopify webhook for ${domain}, not for this shop`);
  }
  let body: unknown;
  try {
    body = parseJsonLossless(input.rawBody.toString('utf8'));
  } catch {
    throw new ConnectorError('invalid_payload', 'shopify webhook body is not JSON');
  }
  const parsed = webhookBodySchema.safeParse(body);
  if (!parsed.success) throw new ConnectorError('invalid_payload', 'shopify webhook body is not an object with an id');
  const topic = header(input.headers, 'x-shopify-topic')!;
  const eventId = bodyDigest('shopify', input.rawBody);
  const orderId = topic.startsWith('orders/') ? parsed.data.id : topic.startsWith('refunds/') || topic.startsWith('fulfillments/') ? parsed.data.order_id : undefined;
  return { eventId, topic, platformOrderId: orderId === undefined || orderId === null ? undefined : String(orderId) };
}
