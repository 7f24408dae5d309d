import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBodyText } from '../read-body.js';
import { FakeTopStore } from './store.js';
import { expectedTopSign, toTopJson, topErrors, topTimeToMs, type TopErrorAnswer } from './top-protocol.js';

export interface FakeTopOptions {
  appKey: string;
  appSecret: string;
  session: string;
  now?: () => Date;
}

export interface FakeTopCall {
  api: string;
  params: Record<string, string>;
  answered: 'ok' | number;
}

/** A loopback TOP router (`POST /router/rest`, form-encoded) that checks app key, timestamp skew, signature and session. */
export interface FakeTop {
  url: string;
  store: FakeTopStore;
  calls: FakeTopCall[];
  /** Answers the next call(s) to `api` with this error instead of running it. */
  failNext(api: string, error: TopErrorAnswer, times?: number): void;
  /** Runs the next call(s) to `api`, then loses the answer: the socket is destroyed (`reset`) or a 502 comes back. */
  loseReplyNext(api: string, how: 'reset' | 502, times?: number): void;
  /** Runs before each business call is answered (mutate the store between pages here). */
  onCall?: (api: string, params: Record<string, string>) => void;
  close(): Promise<void>;
}

export async function startFakeTop(opts: FakeTopOptions): Promise<FakeTop> {
  const now = opts.now ?? (() => new Date());
  const injected: { api: string; error: TopErrorAnswer }[] = [];
  const lost: { api: string; how: 'reset' | 502 }[] = [];
  const fake: FakeTop = {
    url: '',
    store: new FakeTopStore(now),
    calls: [],
    failNext: (api, error, times = 1) => {
      for (let i = 0; i < times; i++) injected.push({ api, error });
    },
    loseReplyNext: (api, how, times = 1) => {
      for (let i = 0; i < times; i++) lost.push({ api, how });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };

  const authError = (p: Record<string, string>): TopErrorAnswer | null => {
    if (p.app_key !== opts.appKey) return topErrors.invalidAppKey;
    if (Math.abs(topTimeToMs(p.timestamp) - now().getTime()) > 600_000 || Number.isNaN(topTimeToMs(p.timestamp))) return topErrors.invalidTimestamp;
    if (p.v !== '2.0' || p.format !== 'json') return topErrors.invalidArgs('the fake speaks v=2.0 json only');
    if (!p.sign || p.sign !== expectedTopSign(p, opts.appSecret)) return topErrors.invalidSignature;
    if (p.session !== opts.session) return topErrors.invalidSession;
    return null;
  };

  const server = createServer((req, res) => {
    void readBodyText(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const params = Object.fromEntries(new URLSearchParams(req.method === 'POST' ? raw : url.search));
      const api = params.method ?? '';
      const send = (body: object, answered: FakeTopCall['answered']) => {
        fake.calls.push({ api, params, answered });
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(toTopJson(body));
      };
      const errorOut = (e: TopErrorAnswer) => send({ error_response: { ...e, request_id: `req-${fake.calls.length}` } }, e.code);
      if (url.pathname !== '/router/rest') return void res.writeHead(404).end();
      const denied = authError(params);
      if (denied) return errorOut(denied);
      const inj = injected.findIndex((x) => x.api === api);
      if (inj >= 0) return errorOut(injected.splice(inj, 1)[0]!.error);
      fake.onCall?.(api, params);
      const answer = fake.store.handle(api, params);
      const drop = lost.findIndex((x) => x.api === api);
      if (drop >= 0) {
        const { how } = lost.splice(drop, 1)[0]!;
        fake.calls.push({ api, params, answered: how === 502 ? 502 : -1 });
        return void (how === 'reset' ? req.socket.destroy() : res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>'));
      }
      if ('error' in answer) return errorOut(answer.error);
      const key = `${api.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
      send({ [key]: { ...(answer.ok as object), request_id: `req-${fake.calls.length}` } }, 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/router/rest`;
  return fake;
}
