import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBodyText } from '../read-body.js';
import { expectedPddSign, pddErrors, type PddErrorAnswer } from './protocol.js';
import { FakePddStore } from './store.js';

export interface FakePddOptions {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  now?: () => Date;
}

export interface FakePddCall {
  api: string;
  params: Record<string, string>;
  answered: 'ok' | number;
}

/** A loopback PDD router (`POST /api/router`, JSON or form) checking client_id, timestamp skew, sign and access_token. */
export interface FakePdd {
  url: string;
  store: FakePddStore;
  calls: FakePddCall[];
  failNext(api: string, error: PddErrorAnswer, times?: number): void;
  /** Runs the next call to `api`, then loses the answer: socket destroyed (`reset`) or a proxy 502. */
  loseReplyNext(api: string, how: 'reset' | 502): void;
  onCall?: (api: string, params: Record<string, string>) => void;
  close(): Promise<void>;
}

function parseParams(raw: string, contentType: string | undefined): Record<string, string> {
  if (contentType?.includes('application/json')) {
    const body = JSON.parse(raw) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

export async function startFakePdd(opts: FakePddOptions): Promise<FakePdd> {
  const now = opts.now ?? (() => new Date());
  const injected: { api: string; error: PddErrorAnswer }[] = [];
  const lost: { api: string; how: 'reset' | 502 }[] = [];
  const fake: FakePdd = {
    url: '',
    store: new FakePddStore(now),
    calls: [],
    failNext: (api, error, times = 1) => {
      for (let i = 0; i < times; i++) injected.push({ api, error });
    },
    loseReplyNext: (api, how) => { lost.push({ api, how }); },
    close: () => new Promise((r) => server.close(() => r())),
  };

  const denied = (p: Record<string, string>): PddErrorAnswer | null => {
    if (p.client_id !== opts.clientId) return pddErrors.badClient;
    if (!(Math.abs(Number(p.timestamp) - now().getTime() / 1000) <= 600)) return pddErrors.badTimestamp;
    if (!p.sign || p.sign !== expectedPddSign(p, opts.clientSecret)) return pddErrors.badSign;
    if (p.access_token !== opts.accessToken) return pddErrors.tokenExpired;
    return null;
  };

  const server = createServer((req, res) => {
    void readBodyText(req).then((raw) => {
      const send = (api: string, params: Record<string, string>, body: object, answered: FakePddCall['answered']) => {
        fake.calls.push({ api, params, answered });
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://fake').pathname !== '/api/router') return void res.writeHead(404).end();
      let params: Record<string, string>;
      try {
        params = parseParams(raw, req.headers['content-type']);
      } catch {
        return void res.writeHead(400).end();
      }
      const api = params.type ?? '';
      const errorOut = (e: PddErrorAnswer) => send(api, params, { error_response: { ...e, request_id: `req-${fake.calls.length}` } }, e.error_code);
      const authErr = denied(params);
      if (authErr) return errorOut(authErr);
      const inj = injected.findIndex((x) => x.api === api);
      if (inj >= 0) return errorOut(injected.splice(inj, 1)[0]!.error);
      fake.onCall?.(api, params);
      const answer = fake.store.handle(api, params);
      if ('error' in answer) return errorOut(answer.error);
      const drop = lost.findIndex((x) => x.api === api);
      if (drop >= 0) {
        const { how } = lost.splice(drop, 1)[0]!;
        fake.calls.push({ api, params, answered: how === 502 ? 502 : -1 });
        return void (how === 'reset' ? req.socket.destroy() : res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>'));
      }
      send(api, params, answer.ok as object, 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/router`;
  return fake;
}
