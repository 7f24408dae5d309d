import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gmt, local, makeRefund, type WcJson } from './fixtures.js';
import { verifyOAuth } from './oauth.js';
import { handleCatalog, handleOrderResource } from './routes.js';

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
interface Fault {
  match: (r: FakeRequest) => boolean;
  reply: Reply;
}

export const wpError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({ status, body: { code, message, data: { status } }, headers });

/**
 * A loopback WooCommerce site: REST v3 under /wp-json with the real auth rules (OAuth 1.0a over HTTP; Basic or
 * query keys only when the site sees itself as HTTPS, e.g. behind a TLS proxy), offset paging with X-WP-Total /
 * X-WP-TotalPages / Link, strict modified_after/before, WP_Error bodies, batch limit 100 (413), the Shipment
 * Tracking extension's routes, and hooks for tests: queued faults (429 + Retry-After …) and a per-request callback
 * that may change orders between two page calls.
 */
export class FakeWooCommerce {
  readonly orders = new Map<number, WcJson>();
  readonly refunds = new Map<number, WcJson[]>();
  readonly products = new Map<number, WcJson>();
  readonly variations = new Map<number, Map<number, WcJson>>();
  readonly trackings = new Map<number, WcJson[]>();
  readonly notes = new Map<number, WcJson[]>();
  readonly requests: FakeRequest[] = [];
  readonly usedNonces = new Set<string>();
  readonly faults: Fault[] = [];
  onRequest?: (r: FakeRequest) => void;
  clock = new Date('2024-05-01T12:00:00Z');
  batchLimit = 100;
  /** false: a site older than WooCommerce 9.0 (no `GET /refunds`). */
  refundsEndpoint = true;
  nextId = 5000;
  private server?: Server;
  private base = '';

  constructor(readonly opts: { consumerKey: string; consumerSecret: string; https?: boolean }) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Requests that are applied and then lose their answer: the socket is destroyed (`reset`) or a proxy 502 comes back. */
  readonly lostReplies: { match: (r: FakeRequest) => boolean; how: 'reset' | 502 }[] = [];

  loseReplyNext(match: (r: FakeRequest) => boolean, how: 'reset' | 502): void {
    this.lostReplies.push({ match, how });
  }

  failNext(match: (r: FakeRequest) => boolean, reply: Reply, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ match, reply });
  }

  /** Changes an order as WooCommerce would: fields set, date_modified moved to the fake's clock. */
  touchOrder(id: number, changes: WcJson = {}): WcJson {
    const o = this.orders.get(id);
    if (!o) throw new Error(`no order ${id}`);
    Object.assign(o, changes, { date_modified_gmt: gmt(this.clock), date_modified: local(this.clock) });
    return o;
  }

  /** wc_create_refund: the refund is stored and the order re-saved with a new date_modified. */
  addRefund(orderId: number, over: WcJson = {}): WcJson {
    const order = this.orders.get(orderId)!;
    const refund = makeRefund(this.nextId++, order, this.clock, over);
    this.refunds.set(orderId, [...(this.refunds.get(orderId) ?? []), refund]);
    const summary = (this.refunds.get(orderId) ?? []).map((r) => ({ id: r.id, reason: r.reason, total: `-${String(r.amount)}` }));
    this.touchOrder(orderId, { refunds: summary });
    return refund;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const path = url.pathname.replace(/^\/wp-json/, '');
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.send(res, wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.'));
      }
    }
    const r: FakeRequest = { method: req.method ?? 'GET', path, query, body };
    this.requests.push(r);
    const fault = this.faults.findIndex((f) => f.match(r));
    if (fault >= 0) return this.send(res, this.faults.splice(fault, 1)[0]!.reply);
    const denied = this.authenticate(req, r, `${this.base}${url.pathname}`);
    if (denied) return this.send(res, denied);
    this.onRequest?.(r);
    const reply = handleOrderResource(this, r) ?? handleCatalog(this, r) ?? wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
    const lost = this.lostReplies.findIndex((f) => f.match(r));
    if (lost >= 0) {
      const { how } = this.lostReplies.splice(lost, 1)[0]!;
      return how === 'reset' ? void req.socket.destroy() : this.send(res, { status: 502, body: '<html><body>502 Bad Gateway</body></html>' });
    }
    this.send(res, reply);
  }

  private authenticate(req: IncomingMessage, r: FakeRequest, url: string): Reply | null {
    const unauthorized = (code: string, message: string) => wpError(401, code, message, { 'www-authenticate': 'Basic realm="WooCommerce"' });
    if (this.opts.https) {
      let key = r.query.consumer_key;
      let secret = r.query.consumer_secret;
      const auth = req.headers.authorization;
      if (!key && auth?.startsWith('Basic ')) [key, secret] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      if (key || secret) {
        if (key !== this.opts.consumerKey) return unauthorized('woocommerce_rest_authentication_error', 'Consumer key is invalid.');
        if (secret !== this.opts.consumerSecret) return unauthorized('woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
        return null;
      }
    } else if (Object.keys(r.query).some((k) => k.startsWith('oauth_'))) {
      const v = verifyOAuth({
        method: r.method, url, params: r.query, consumerKey: this.opts.consumerKey, consumerSecret: this.opts.consumerSecret,
        nowSec: Math.floor(this.clock.getTime() / 1000), usedNonces: this.usedNonces,
      });
      return v.ok ? null : unauthorized(v.code, v.message);
    }
    return unauthorized('woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
  }

  private send(res: ServerResponse, reply: Reply): void {
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json; charset=UTF-8', ...reply.headers });
    res.end(text);
  }
}
