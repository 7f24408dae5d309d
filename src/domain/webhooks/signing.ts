import { createHash, createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing (standardwebhooks.com): `webhook-signature` is a space-separated list of
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per valid secret (during a rotation both sign).
 * A secret is `whsec_<base64 key>`; the HMAC key is the decoded bytes.
 */
export function signatureHeader(secrets: readonly string[], id: string, timestampSec: number, body: string): string {
  return secrets.map((s) => `v1,${sign(s, id, timestampSec, body)}`).join(' ');
}

export function sign(secret: string, id: string, timestampSec: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  return createHmac('sha256', key).update(`${id}.${timestampSec}.${body}`).digest('base64');
}

export function webhookHeaders(secrets: readonly string[], id: string, timestampSec: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': signatureHeader(secrets, id, timestampSec, body),
  };
}

/** The stable message id of one event for one endpoint: the same pair always gets the same `webhook-id`. */
export function messageId(eventId: string, endpointId: string): string {
  return `msg_${createHash('sha256').update(`${eventId}\u0000${endpointId}`).digest('base64url').slice(0, 27)}`;
}

/** DingTalk's signed robot URL: sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))). */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestampMs));
  u.searchParams.set('sign', sign);
  return u.toString();
}
