import { createHmac } from 'node:crypto';
import type { SandboxEvent, SandboxStore } from './store.js';

/** The storefront's webhook signature: base64 HMAC-SHA256 of the raw body with the shop's webhook secret. */
export function signSandboxWebhook(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export interface WebhookDelivery {
  eventId: string;
  topic: string;
  url: string;
  status?: number;
  error?: string;
}

/**
 * Delivers every store event to the subscribed URLs, once (no retries, like WooCommerce): the hub must not
 * depend on webhooks alone. Deliveries are recorded for tests to inspect.
 */
export function startWebhookSender(store: SandboxStore, secret: string): { deliveries: WebhookDelivery[]; idle(): Promise<void>; stop(): void } {
  const deliveries: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<void>>();
  const onEvent = (event: SandboxEvent): void => {
    for (const sub of store.subscriptions()) {
      if (sub.topics.length > 0 && !sub.topics.includes(event.topic)) continue;
      const body = JSON.stringify(event.payload);
      const record: WebhookDelivery = { eventId: event.id, topic: event.topic, url: sub.url };
      deliveries.push(record);
      const p = fetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sandbox-topic': event.topic,
          'x-sandbox-event-id': event.id,
          'x-sandbox-signature': signSandboxWebhook(secret, body),
        },
        body,
        signal: AbortSignal.timeout(5_000),
      })
        .then(async (res) => {
          record.status = res.status;
          await res.arrayBuffer();
        })
        .catch((err: unknown) => {
          record.error = err instanceof Error ? err.message : String(err);
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };
  store.on('event', onEvent);
  return {
    deliveries,
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stop: () => store.off('event', onEvent),
  };
}
