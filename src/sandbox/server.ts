import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TokenBucket } from './rate-limit.js';
import { SandboxError, SandboxStore } from './store.js';
import { startWebhookSender, type WebhookDelivery } from './webhooks.js';

export interface SandboxOptions {
  apiKey: string;
  webhookSecret: string;
  /** The storefront's API quota per key; unlimited when absent. */
  rateLimit?: { ratePerSec: number; burst: number };
  now?: () => Date;
  statePath?: string;
}

export interface SandboxFault {
  pathPrefix: string;
  status: number;
  count: number;
  retryAfterSeconds?: number;
}

export interface Sandbox {
  app: FastifyInstance;
  store: SandboxStore;
  /** Every /api/v1 request the storefront answered, in order. */
  requests: { method: string; path: string; status: number }[];
  webhookDeliveries: WebhookDelivery[];
  /** Makes the next `count` API requests under `pathPrefix` answer `status` (429 carries Retry-After). */
  injectFault(f: SandboxFault): void;
  webhooksIdle(): Promise<void>;
}

const MAX_PAGE = 100;
const MAX_INVENTORY_BATCH = 50;

const listQuery = z.object({
  updated_since: z.iso.datetime({ offset: true }).optional(),
  updated_until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
});
const fulfillmentBody = z.object({
  tracking_number: z.string().min(1).max(64),
  tracking_company: z.string().min(1).max(64),
  line_items: z.array(z.object({ id: z.string().min(1), quantity: z.number().int() })).min(1).optional(),
  idempotency_key: z.string().min(1).max(128).optional(),
});
const inventoryBody = z.object({
  items: z.array(z.object({ sku: z.string().min(1), available: z.number().int().min(0) })).min(1).max(MAX_INVENTORY_BATCH),
});
const webhookBody = z.object({ url: z.url(), topics: z.array(z.string()).default([]) });
const productBody = z.object({ sku: z.string().min(1), title: z.string().min(1), price: z.string().regex(/^\d+(\.\d{1,2})?$/), available: z.number().int().min(0).optional() });
const addressBody = z.object({
  name: z.string(), phone: z.string().optional(), address1: z.string(), address2: z.string().optional(), city: z.string(),
  province: z.string().optional(), zip: z.string().optional(), country_code: z.string().length(2),
});
const orderBody = z.object({
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), price: z.string().optional() })).min(1),
  customer: z.object({ name: z.string(), email: z.string().optional(), phone: z.string().optional() }).optional(),
  address: addressBody.nullable().optional(),
  note: z.string().nullable().optional(),
  currency: z.string().length(3).optional(),
  shipping: z.string().optional(),
  cash_on_delivery: z.boolean().optional(),
});
const refundBody = z.object({
  lines: z.array(z.object({ id: z.string(), quantity: z.number().int() })).min(1).optional(),
  reason: z.string().optional(),
  status: z.enum(['requested', 'approved', 'succeeded', 'rejected']).optional(),
});
const faultBody = z.object({ path: z.string().startsWith('/'), status: z.number().int().min(400).max(599), count: z.number().int().min(1), retry_after: z.number().min(0).optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    throw new SandboxError(400, 'invalid_request', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`);
  }
  return r.data;
}

/**
 * The sandbox storefront: a small platform API with the traits real ones have — bearer auth, an
 * updated-since filter with keyset cursor pagination, a request quota answered with 429 + Retry-After,
 * idempotent fulfilments, bulk inventory updates and HMAC-signed webhooks — plus a /_control API that
 * plays the shopper and the seller (create orders, refund, cancel) and lets tests inspect what arrived.
 */
export function buildSandboxServer(opts: SandboxOptions): Sandbox {
  const store = new SandboxStore({ now: opts.now, statePath: opts.statePath });
  const sender = startWebhookSender(store, opts.webhookSecret);
  const bucket = opts.rateLimit ? new TokenBucket(opts.rateLimit.ratePerSec, opts.rateLimit.burst) : undefined;
  const requests: Sandbox['requests'] = [];
  const faults: SandboxFault[] = [];
  const app = Fastify({ logger: false });

  const fail = (reply: FastifyReply, status: number, code: string, message: string) => reply.status(status).send({ error: { code, message } });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof SandboxError) return fail(reply, err.status, err.code, err.message);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) return fail(reply, status, 'invalid_request', err instanceof Error ? err.message : 'bad request');
    return fail(reply, 500, 'internal_error', 'internal error');
  });
  app.addHook('onResponse', async (req, reply) => {
    if (req.url.startsWith('/api/')) requests.push({ method: req.method, path: req.url.split('?')[0]!, status: reply.statusCode });
  });
  app.addHook('onClose', async () => {
    sender.stop();
    store.flush();
  });

  const api = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const fault = faults.find((f) => path.startsWith(f.pathPrefix) && f.count > 0);
    if (fault) {
      fault.count -= 1;
      if (fault.status === 429) reply.header('retry-after', String(fault.retryAfterSeconds ?? 1));
      return fail(reply, fault.status, fault.status === 429 ? 'rate_limited' : 'injected_fault', `injected ${fault.status}`);
    }
    if (req.headers.authorization !== `Bearer ${opts.apiKey}`) return fail(reply, 401, 'unauthorized', 'missing or invalid access token');
    if (bucket) {
      const waitMs = bucket.take();
      reply.header('x-ratelimit-limit', String(bucket.limit)).header('x-ratelimit-remaining', String(bucket.remaining));
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
        return fail(reply, 429, 'rate_limited', 'request quota exceeded; retry after the Retry-After seconds');
      }
    }
  };
  const control = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.headers['x-sandbox-key'] !== opts.apiKey) return fail(reply, 401, 'unauthorized', 'missing or invalid x-sandbox-key');
  };

  app.register(async (r) => {
    r.addHook('onRequest', api);
    r.get('/orders', async (req) => {
      const q = parse(listQuery, req.query);
      const page = store.list('orders', { updatedSince: q.updated_since ? new Date(q.updated_since) : undefined, updatedUntil: q.updated_until ? new Date(q.updated_until) : undefined, cursor: q.cursor, limit: q.limit });
      return { orders: page.items, next_cursor: page.nextCursor };
    });
    r.get('/orders/count', async (req) => {
      const q = parse(listQuery, req.query);
      return { count: store.count('orders', { updatedSince: q.updated_since ? new Date(q.updated_since) : undefined, updatedUntil: q.updated_until ? new Date(q.updated_until) : undefined }) };
    });
    r.get<{ Params: { id: string } }>('/orders/:id', async (req) => ({ order: store.order(req.params.id) }));
    r.get('/refunds', async (req) => {
      const q = parse(listQuery, req.query);
      const page = store.list('refunds', { updatedSince: q.updated_since ? new Date(q.updated_since) : undefined, updatedUntil: q.updated_until ? new Date(q.updated_until) : undefined, cursor: q.cursor, limit: q.limit });
      return { refunds: page.items, next_cursor: page.nextCursor };
    });
    r.post<{ Params: { id: string } }>('/orders/:id/fulfillments', async (req, reply) => {
      const body = parse(fulfillmentBody, req.body);
      const { fulfillment, created } = store.fulfill(req.params.id, body);
      return reply.status(created ? 201 : 200).send({ fulfillment });
    });
    r.post('/inventory/set', async (req) => {
      const body = parse(inventoryBody, req.body);
      return { results: store.setInventory(body.items) };
    });
    r.post('/webhooks', async (req, reply) => {
      const body = parse(webhookBody, req.body);
      return reply.status(201).send({ webhook: store.subscribe(body.url, body.topics) });
    });
  }, { prefix: '/api/v1' });

  app.register(async (r) => {
    r.addHook('onRequest', control);
    r.post('/products', async (req, reply) => reply.status(201).send({ product: store.upsertProduct(parse(productBody, req.body)) }));
    r.get('/products', async () => ({ products: store.products() }));
    r.post('/orders', async (req, reply) => {
      const b = parse(orderBody, req.body);
      const order = store.createOrder({ lines: b.lines, customer: b.customer, address: b.address, note: b.note, currency: b.currency, shipping: b.shipping, cashOnDelivery: b.cash_on_delivery });
      return reply.status(201).send({ order });
    });
    r.get<{ Params: { id: string } }>('/orders/:id', async (req) => ({ order: store.order(req.params.id) }));
    r.post<{ Params: { id: string } }>('/orders/:id/cancel', async (req) => ({ order: store.cancelOrder(req.params.id) }));
    r.post<{ Params: { id: string } }>('/orders/:id/refund', async (req, reply) => reply.status(201).send({ refund: store.refund(req.params.id, parse(refundBody, req.body)) }));
    r.post('/faults', async (req, reply) => {
      const b = parse(faultBody, req.body);
      faults.push({ pathPrefix: b.path, status: b.status, count: b.count, retryAfterSeconds: b.retry_after });
      return reply.status(201).send({ ok: true });
    });
    r.get('/requests', async () => ({ requests }));
    r.get('/webhook-deliveries', async () => ({ deliveries: sender.deliveries }));
  }, { prefix: '/_control' });

  return {
    app,
    store,
    requests,
    webhookDeliveries: sender.deliveries,
    injectFault: (f) => faults.push({ ...f }),
    webhooksIdle: () => sender.idle(),
  };
}
