import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { checkToken, registerLwa, spError, type FakeGrant, type TokenBook } from './auth.js';
import { registerListingRoutes } from './listings-routes.js';
import { registerOrderRoutes } from './orders-routes.js';
import { FakeAmazonState } from './state.js';

/** Default usage-plan rates the fake reports in x-amzn-RateLimit-Limit when it throttles an operation. */
const rates: Record<string, string> = {
  getOrders: '0.0167', getOrderItems: '0.5', confirmShipment: '2.0', listFinancialEvents: '0.5', patchListingsItem: '5.0',
  createFeedDocument: '0.5', createFeed: '0.0083', createRestrictedDataToken: '1.0',
};

export type SpHandler = (req: FastifyRequest, reply: FastifyReply, tokenKind: 'access' | 'restricted') => unknown;
export type SpRoute = (op: string, handler: SpHandler, opts?: { restrictedOk?: boolean }) => (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface FakeAmazon {
  url: string;
  tokenUrl: string;
  state: FakeAmazonState;
  book: TokenBook;
  grant: FakeGrant;
  /** The next `times` calls of `op` answer 429 QuotaExceeded (with the operation's rate header). */
  throttle(op: string, times?: number, rateHeader?: string): void;
  /** The next `times` calls of `op` answer `status` with an InternalFailure/ServiceUnavailable body. */
  fail(op: string, status: number, times?: number): void;
  expireAllTokens(): void;
  /** The next successful call of `op` is applied, then its answer is lost: socket destroyed (`reset`) or a proxy 502. */
  loseReply(op: string, how: 'reset' | 502): void;
  close(): Promise<void>;
}

export interface FakeAmazonOptions {
  now?: () => Date;
  tokenTtlSeconds?: number;
  itemsPageSize?: number;
  grant?: Partial<FakeGrant>;
}

/**
 * A loopback Selling Partner API + Login with Amazon: token exchange checked field by field, `x-amz-access-token` on
 * every call, keyset paging with NextToken, QuotaExceeded answers, Amazon's error bodies, and order, listing and feed
 * state a test can inspect and change between pages.
 */
export async function startFakeAmazon(opts: FakeAmazonOptions = {}): Promise<FakeAmazon> {
  const state = new FakeAmazonState(opts.now ?? (() => new Date()));
  const grant: FakeGrant = { clientId: 'amzn1.application-oa2-client.test', clientSecret: 'lwa-secret-123', refreshToken: 'Atzr|refresh-token-1', ...opts.grant };
  const book: TokenBook = { tokens: new Map(), exchanges: [], revokedRefreshTokens: new Set() };
  const throttles = new Map<string, { left: number; rate: string }>();
  const failures = new Map<string, { left: number; status: number }>();
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });

  registerLwa(app, state, grant, book, opts.tokenTtlSeconds ?? 3600, (reply) => {
    const f = failures.get('lwaToken');
    if (!f || f.left <= 0) return false;
    f.left--;
    void reply.code(f.status).send({ error: 'server_error', error_description: 'The authorization server encountered an unexpected error' });
    return true;
  });

  const lostReplies: { op: string; how: 'reset' | 502 }[] = [];
  const opOf = new WeakMap<object, string>();
  app.addHook('onSend', async (req, reply, payload) => {
    const i = lostReplies.findIndex((x) => x.op === opOf.get(req));
    if (i < 0 || reply.statusCode >= 300) return payload;
    const { how } = lostReplies.splice(i, 1)[0]!;
    if (how === 'reset') {
      req.raw.socket.destroy();
      return payload;
    }
    void reply.code(502).header('content-type', 'text/html');
    return '<html><body>502 Bad Gateway</body></html>';
  });

  const sp: SpRoute = (op, handler, routeOpts = {}) => async (req, reply) => {
    opOf.set(req, op);
    const query = (req.query ?? {}) as Record<string, string>;
    const out = await (async () => {
      const t = throttles.get(op);
      if (t && t.left > 0) {
        t.left--;
        return spError(reply.header('x-amzn-RateLimit-Limit', t.rate), 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
      }
      const f = failures.get(op);
      if (f && f.left > 0) {
        f.left--;
        return spError(reply, f.status, f.status === 503 ? 'ServiceUnavailable' : 'InternalFailure', 'We encountered an internal error. Please try again.');
      }
      const kind = checkToken(state, book, req.headers['x-amz-access-token'], reply);
      if (!kind) return reply;
      if (kind === 'restricted' && !routeOpts.restrictedOk) {
        return spError(reply, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The restricted data token is not valid for this resource.');
      }
      return handler(req, reply, kind);
    })();
    state.calls.push({ op, query, status: reply.statusCode });
    if (rates[op]) reply.header('x-amzn-RateLimit-Limit', reply.getHeader('x-amzn-RateLimit-Limit') ?? rates[op]);
    return out;
  };

  registerOrderRoutes(app, state, sp, book, opts.itemsPageSize ?? 100);
  let base = '';
  registerListingRoutes(app, state, sp, () => base);

  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('fake amazon did not bind');
  base = `http://127.0.0.1:${addr.port}`;
  return {
    url: base,
    tokenUrl: `${base}/auth/o2/token`,
    state,
    book,
    grant,
    throttle: (op, times = 1, rateHeader) => throttles.set(op, { left: times, rate: rateHeader ?? rates[op] ?? '1.0' }),
    fail: (op, status, times = 1) => failures.set(op, { left: times, status }),
    loseReply: (op, how) => lostReplies.push({ op, how }),
    expireAllTokens: () => book.tokens.forEach((t) => { t.expiresAt = 0; }),
    close: () => app.close(),
  };
}
