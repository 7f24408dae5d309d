import { createHash } from 'node:crypto';
import { ConnectorError } from '../errors.js';
import type { WebhookEvent, WebhookInput } from '../types.js';
import { pushBodySchema } from './schemas.js';
import { hexSignatureMatches, signPush } from './signing.js';

/** Push codes the hub cares about; the rest are passed on as `shopee/code_<n>`. */
const TOPICS: Readonly<Record<number, string>> = { 1: 'shop/authorized', 2: 'shop/deauthorized', 3: 'order/status', 4: 'order/tracking_number', 12: 'shop/auth_expiring' };

/**
 * Verifies a Shopee push: `Authorization` = hex HMAC-SHA256(partner_key, callbackUrl + "|" + rawBody), with the
 * callback URL exactly as configured on Shopee (the shop's `pushCallbackUrl` when set, else the delivery URL).
 * Shopee sends no event id, so one is derived from the shop, code, timestamp and a digest of the body (all
 * signed); the body's `timestamp` is signed too and bounds the replay window.
 */
export function parseShopeePush(input: WebhookInput, partnerKey: string, callbackUrl: string, shopeeShopId: number): WebhookEvent {
  if (!hexSignatureMatches(input.headers.authorization, signPush(partnerKey, callbackUrl, input.rawBody))) {
    throw new ConnectorError('invalid_signature', 'shopee push Authorization does not match the callback URL and body');
  }
  let body: unknown;
  try {
    body = JSON.parse(input.rawBody.toString('utf8'));
  } catch {
    throw new ConnectorError('invalid_payload', 'shopee push body is not JSON');
  }
  const p = pushBodySchema.safeParse(body);
  if (!p.success) throw new ConnectorError('invalid_payload', `shopee push: ${p.error.issues[0]?.path.join('.') || '(root)'} ${p.error.issues[0]?.message}`);
  if (p.data.shop_id !== undefined && p.data.shop_id !== String(shopeeShopId)) {
    throw new ConnectorError('invalid_payload', `shopee push for shop ${p.data.shop_id} delivered to the connector of shop ${shopeeShopId}`);
  }
  const digest = createHash('sha256').update(input.rawBody).digest('hex').slice(0, 16);
  return {
    eventId: `shopee:${p.data.shop_id ?? shopeeShopId}:${p.data.code}:${p.data.timestamp ?? 0}:${digest}`,
    topic: TOPICS[p.data.code] ?? `shopee/code_${p.data.code}`,
    platformOrderId: p.data.data?.ordersn ?? p.data.data?.order_sn,
    signedAt: p.data.timestamp ? new Date(p.data.timestamp * 1000) : undefined,
  };
}
