import { timingSafeEqual } from 'node:crypto';
import { ConnectorError } from '../errors.js';
import type { WebhookEvent, WebhookInput } from '../types.js';
import { bodyDigest } from '../webhook-policy.js';
import { wcWebhookBodySchema } from './schemas.js';
import { webhookSignature } from './signing.js';

const header = (h: WebhookInput['headers'], name: string) => h[name] ?? h[name.toLowerCase()];

/**
 * Verifies `X-WC-Webhook-Signature` = base64(HMAC-SHA256(secret, raw body)) and names the event.
 * WooCommerce never retries a delivery and gives each attempt a fresh delivery id (unsigned, like the topic
 * header), so the event id is a digest of the signed body: a manual redelivery of the same change de-duplicates.
 * The creation ping (`webhook_id=N`, form-encoded, unsigned) is a `ping` event: answered, nothing stored.
 */
export function parseWcWebhook(secret: string | undefined, input: WebhookInput): WebhookEvent {
  const given = header(input.headers, 'x-wc-webhook-signature');
  const body = input.rawBody.toString('utf8');
  if (!given) {
    const ping = /^webhook_id=(\d+)$/.exec(body.trim());
    if (ping) return { eventId: `ping:${ping[1]}`, topic: 'ping', ping: true };
    throw new ConnectorError('invalid_signature', 'webhook without X-WC-Webhook-Signature');
  }
  if (!secret) throw new ConnectorError('invalid_signature', 'no webhook secret configured for this shop');
  const expected = Buffer.from(webhookSignature(secret, input.rawBody), 'base64');
  const got = Buffer.from(given, 'base64');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw new ConnectorError('invalid_signature', 'X-WC-Webhook-Signature does not match the body');
  }
  const topic = header(input.headers, 'x-wc-webhook-topic');
  if (!topic) throw new ConnectorError('invalid_payload', 'webhook without X-WC-Webhook-Topic');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ConnectorError('invalid_payload', 'webhook body is not JSON');
  }
  const r = wcWebhookBodySchema.safeParse(parsed);
  if (!r.success) throw new ConnectorError('invalid_payload', 'webhook body has no id');
  const resourceId = String(r.data.id);
  return {
    eventId: bodyDigest('woocommerce', input.rawBody),
    topic,
    platformOrderId: topic.startsWith('order.') ? resourceId : undefined,
  };
}
