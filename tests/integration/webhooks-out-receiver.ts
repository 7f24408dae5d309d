import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { readBodyText } from '../fakes/read-body.js';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  url: string;
  at: number;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string; hold?: Promise<void> };

/**
 * A webhook receiver on loopback. `answer` decides each response (default 204). Every request is kept, in arrival
 * order; `accepted` holds the ones answered 2xx.
 */
export async function startReceiver(answer: (r: Received, n: number) => Answer = () => ({ status: 204 })) {
  const all: Received[] = [];
  const accepted: Received[] = [];
  let decide = answer;
  const server: Server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      const body = await readBodyText(req);
      const h = (k: string) => String(req.headers[k] ?? '');
      const r: Received = { id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature'), body, url: req.url ?? '', at: Date.now() };
      all.push(r);
      const a = decide(r, all.length);
      if (a.hold) await a.hold;
      if (a.status >= 200 && a.status < 300) accepted.push(r);
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.body ?? '');
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    all,
    accepted,
    setAnswer(a: (r: Received, n: number) => Answer) {
      decide = a;
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Verifies a delivery as a receiver using the `standardwebhooks` package would; throws when it does not verify. */
export function verify(secret: string, r: Received): { type: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature }) as { type: string; data: Record<string, unknown> };
}

export const webhookEnv = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_SCHEDULE_MS: '200,400,800,1000,1000,1000,1000,1000,1000,1000,1000,1000',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_CONNECT_TIMEOUT_MS: '1000',
  WEBHOOK_TIMEOUT_MS: '20000',
};
