import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handle } from './handlers.js';
import { SHOPIFY_API_VERSION } from '../../../connectors/versions.js';
import { FakeShopState } from './state.js';

export const FAKE_API_VERSION = SHOPIFY_API_VERSION;
export const FAKE_TOKEN = 'shpat_fake_0123456789';

export type Fault =
  | { kind: 'throttled'; currentlyAvailable: number } // 200 + errors[THROTTLED], actualQueryCost null, no data
  | { kind: 'http'; status: number; body: unknown; headers?: Record<string, string> }
  /** Applies the request, then loses the answer: the socket is destroyed (`reset`) or a gateway 502 comes back. */
  | { kind: 'lost_reply'; how: 'reset' | 502 };

export interface RecordedCall { op: string; variables: Record<string, unknown> }

const REQUESTED_COST: Record<string, number> = { HubOrders: 952, HubOrder: 95, HubRefunds: 850, HubFulfilmentState: 808, HubFulfil: 10, HubSetStock: 10 };

/**
 * A loopback Shopify GraphQL Admin API: `POST /admin/api/<version>/graphql.json` with X-Shopify-Access-Token,
 * keyset cursors over `orders(sortKey: UPDATED_AT)`, the cost extension on every answer, and queued faults
 * (THROTTLED bodies, 429 + Retry-After, 5xx, 401) served before the next real answers. Operations are
 * dispatched by their operation name (the connector names each document).
 */
export class FakeShopify {
  readonly state = new FakeShopState();
  readonly calls: RecordedCall[] = [];
  readonly faults: Fault[] = [];
  /** A fault chosen per operation: called with the op name and how many calls of it came before. */
  faultFor: ((op: string, previousCalls: number) => Fault | undefined) | undefined;
  /** Every HTTP request received, including those refused before reaching GraphQL. */
  requests = 0;
  bucket = { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 };
  /** What `X-Shopify-API-Version` says (Shopify serves the oldest supported version when a pinned one is retired). */
  servedVersion = FAKE_API_VERSION;
  private server: Server | undefined;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.serve(req).then(({ status, body, headers }) => {
        if (status === 0) { req.socket.destroy(); return; }
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': `req-${this.calls.length}`, 'x-shopify-api-version': this.servedVersion, ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  callsOf(op: string): RecordedCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  private async serve(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    this.requests++;
    if (req.method !== 'POST' || req.url !== `/admin/api/${FAKE_API_VERSION}/graphql.json`) return { status: 404, body: { errors: 'Not Found' } };
    if (req.headers['x-shopify-access-token'] !== FAKE_TOKEN) {
      return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    }
    let parsed: { query?: string; variables?: Record<string, unknown> };
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
    } catch {
      return { status: 400, body: { errors: 'Bad Request' } };
    }
    const query = parsed.query ?? '';
    const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
    const variables = parsed.variables ?? {};
    this.calls.push({ op, variables });
    const requested = REQUESTED_COST[op] ?? 5;
    const fault = this.faults.shift() ?? this.faultFor?.(op, this.callsOf(op).length - 1);
    if (fault?.kind === 'http') return { status: fault.status, body: fault.body, headers: fault.headers };
    if (fault?.kind === 'throttled') {
      return {
        status: 200,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: { ...this.bucket, currentlyAvailable: fault.currentlyAvailable } } },
        },
      };
    }
    const result = handle(this.state, op, query, variables);
    if (fault?.kind === 'lost_reply') return fault.how === 'reset' ? { status: 0, body: null } : { status: 502, body: { errors: 'Bad Gateway' } };
    const actual = result.errors ? null : Math.ceil(requested / 3);
    return { status: 200, body: { ...result, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.bucket } } } };
  }
}
