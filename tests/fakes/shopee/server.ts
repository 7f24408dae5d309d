import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBodyText } from '../read-body.js';
import type { Answer, Req } from './answers.js';
import { routes } from './routes.js';
import { FakeShopeeState, type ShopeeFakeConfig } from './state.js';

/** The fake's own signer, written from the fact sheet (not the connector's code): hex HMAC-SHA256 over partner_id+path+timestamp[+token+shop_id]. */
export function fakeSign(partnerKey: string, base: string): string {
  return createHmac('sha256', partnerKey).update(base, 'utf8').digest('hex');
}

const PUBLIC_PATHS = new Set(['/api/v2/auth/token/get', '/api/v2/auth/access_token/get']);
const err = (status: number, error: string, message: string): Answer => ({ status, body: { error, message, request_id: rid() } });
let reqSeq = 0;
const rid = () => `fake${(++reqSeq).toString(16).padStart(12, '0')}`;

/** Checks the common query parameters and the signature the way Shopee's gateway does. */
function checkAuth(state: FakeShopeeState, path: string, q: Record<string, string>): Answer | null {
  const { cfg } = state;
  if (!q.partner_id) return err(400, 'error_param', 'There is no partner_id in query.');
  if (Number(q.partner_id) !== cfg.partnerId) return err(403, 'error_auth', 'partner_id is invalid');
  if (!q.timestamp) return err(400, 'error_param', 'no timestamp');
  if (Math.abs(Date.now() / 1000 - Number(q.timestamp)) > 300) return err(400, 'error_param', 'Timestamp is expired.');
  if (!q.sign) return err(400, 'error_param', 'There is no sign in query.');
  const isPublic = PUBLIC_PATHS.has(path);
  if (!isPublic) {
    if (!q.access_token) return err(400, 'error_param', 'There is no access_token in query.');
    if (!q.shop_id) return err(400, 'error_param', 'There is no shop_id in query.');
  }
  const base = `${q.partner_id}${path}${q.timestamp}${isPublic ? '' : `${q.access_token}${q.shop_id}`}`;
  if (q.sign !== fakeSign(cfg.partnerKey, base)) return err(403, 'error_sign', 'Wrong sign.');
  if (isPublic) return null;
  if (Number(q.shop_id) !== cfg.shopId) return err(403, 'error_auth', 'Invalid partner_id or shopid.');
  if (!state.accessTokens.has(q.access_token ?? '')) return err(403, 'invalid_acceess_token', 'Invalid access_token, please have a check.');
  return null;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBodyText(req);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function reply(res: ServerResponse, a: Answer): void {
  res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
  res.end(JSON.stringify(a.body));
}

export interface ShopeeFake {
  url: string;
  state: FakeShopeeState;
  close(): Promise<void>;
}

/** A loopback Shopee Open Platform v2 on 127.0.0.1:0. */
export async function startShopeeFake(cfg: ShopeeFakeConfig): Promise<ShopeeFake> {
  const state = new FakeShopeeState(cfg);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      const query = Object.fromEntries(url.searchParams.entries());
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      const denied = checkAuth(state, path, query);
      let answer: Answer;
      if (denied) answer = denied;
      else {
        const fault = state.takeFault(path);
        const route = routes[`${req.method} ${path}`];
        if (fault) answer = { status: fault.status, body: { request_id: rid(), ...fault.body }, headers: fault.headers };
        else if (!route) answer = err(404, 'error_param', 'Permission denied. This API is currently offline or the request path is incorrect.');
        else if (req.method === 'POST' && body === undefined) answer = err(400, 'error_param', 'request body is not JSON');
        else {
          const r: Req = { query, body: (body ?? {}) as Record<string, unknown>, state };
          answer = route(r);
          if (answer.status === 200 && !('error' in answer.body)) answer.body = { request_id: rid(), error: '', message: '', ...answer.body };
        }
      }
      state.log.push({ path, query });
      const lost = answer.status === 200 ? state.takeLostReply(path) : undefined;
      if (lost === 'reset') return void req.socket.destroy();
      if (lost === 502) answer = { status: 502, body: { error: 'error_server', message: 'Bad Gateway' } };
      reply(res, answer);
      state.served(path);
    })().catch((e: unknown) => reply(res, err(500, 'error_server', String(e))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
