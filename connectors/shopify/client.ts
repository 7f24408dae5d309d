import type { AxiosInstance, AxiosResponse } from 'axios';
import type { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { classifyResponse, createHttpClient, send } from '../http.js';
import type { ConnectorDeps } from '../types.js';
import { SHOPIFY_API_VERSION } from '../versions.js';
import { envelopeSchema, type Envelope } from './schemas.js';
import { throttleWaitMs, describeErrors, graphqlErrorKind } from './throttle.js';

export { SHOPIFY_API_VERSION };
const MAX_ATTEMPTS = 5;

export interface ShopifyClientOptions {
  shopId: string;
  /** `https://{shop}.myshopify.com` (or a test server). */
  baseUrl: string;
  accessToken: string;
  /** First backoff for 5xx/timeouts, doubled per attempt. */
  backoffMs?: number;
}

/**
 * GraphQL Admin client. Shopify throttles by query cost in one bucket per app and store, so every call goes
 * through one limiter key per shop (`shopify:<shopId>:graphql`) acquired for the query's requested cost at
 * the bucket's last reported size and restore rate. THROTTLED answers (and HTTP 429) pause that key for the
 * time the bucket needs to refill, then the call is retried; 5xx and timeouts back off; 401/403/402/423 and
 * ACCESS_DENIED are auth failures.
 */
export class ShopifyClient {
  private readonly http: AxiosInstance;
  private readonly key: string;
  /** Conservative until the shop tells us (older docs: 1000 points, 50/s). */
  private bucket = { maximumAvailable: 1000, restoreRate: 50 };
  private readonly learnedCost = new Map<string, number>();
  private lastAvailable: number | undefined;
  private lastActualCost: number | undefined;
  private servedVersion: string | undefined;

  constructor(private readonly opts: ShopifyClientOptions, private readonly deps: ConnectorDeps) {
    this.key = `shopify:${opts.shopId}:graphql`;
    this.http = createHttpClient({
      baseURL: `${opts.baseUrl.replace(/\/$/, '')}/admin/api/${SHOPIFY_API_VERSION}`,
      headers: { 'X-Shopify-Access-Token': opts.accessToken, 'content-type': 'application/json' },
      egress: deps.egress,
    });
  }

  /**
   * Runs one query or mutation; `op` names it in logs and errors, `estimatedCost` budgets it until learned.
   * `write`: a non-idempotent mutation, never repeated here after an ambiguous failure (the caller reads back).
   */
  async request<T>(op: string, query: string, variables: Record<string, unknown>, schema: z.ZodType<T>, estimatedCost: number, opts: { write?: boolean } = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const cost = Math.min(this.learnedCost.get(op) ?? estimatedCost, this.bucket.maximumAvailable);
      await this.deps.limiter.acquire(this.key, { ratePerSec: this.bucket.restoreRate, burst: this.bucket.maximumAvailable, cost });
      let err: ConnectorError;
      try {
        const res = await send(() => this.http.post('/graphql.json', { query, variables }));
        this.noteServedVersion(res);
        const outcome = this.interpret(op, res, cost);
        if (!(outcome instanceof ConnectorError)) {
          // Shopify charges the actual cost and gives the rest of the requested cost back: so does our bucket.
          const actual = this.lastActualCost;
          if (actual !== undefined && actual < cost) await this.deps.limiter.refund?.(this.key, cost - actual, { burst: this.bucket.maximumAvailable });
          await this.respectLowBucket(op, cost);
          return this.parseData(op, outcome, schema);
        }
        err = outcome;
      } catch (e) {
        if (!(e instanceof ConnectorError) || e.kind !== 'transient') throw e;
        err = e;
      }
      if (!err.retryable || attempt >= MAX_ATTEMPTS || (opts.write && err.ambiguous)) throw err;
      if (err.kind === 'rate_limited') {
        const ms = err.retryAfterMs ?? 1000;
        this.deps.log.info({ shopId: this.opts.shopId, op, retryAfterMs: ms, attempt }, 'shopify throttled the shop, pausing');
        await this.deps.limiter.pause(this.key, ms);
      } else {
        this.deps.log.warn({ shopId: this.opts.shopId, op, attempt, err: err.message }, 'shopify call failed, retrying');
        await new Promise((r) => setTimeout(r, (this.opts.backoffMs ?? 250) * 2 ** (attempt - 1)));
      }
    }
  }

  /**
   * Shopify serves the oldest supported version instead of a retired one, silently: `X-Shopify-API-Version` says
   * which one answered. Logged once per client (and again whenever it changes), a warning when it is not the pinned one.
   */
  private noteServedVersion(res: AxiosResponse): void {
    const served = res.headers['x-shopify-api-version'];
    if (typeof served !== 'string' || served === this.servedVersion) return;
    this.servedVersion = served;
    const fields = { shopId: this.opts.shopId, pinnedVersion: SHOPIFY_API_VERSION, servedVersion: served };
    if (served === SHOPIFY_API_VERSION) this.deps.log.info(fields, 'shopify api version served');
    else this.deps.log.warn(fields, 'shopify served another api version than the pinned one');
  }

  /** Returns the envelope's data, or the ConnectorError the answer amounts to. */
  private interpret(op: string, res: AxiosResponse, cost: number): unknown {
    const now = this.deps.now();
    const parsed = envelopeSchema.safeParse(res.data);
    const env: Envelope | undefined = parsed.success ? parsed.data : undefined;
    this.learn(op, env);
    const throttled = env && graphqlErrorKind(env) === 'throttled';
    if (res.status === 429 || throttled) {
      const fromHeader = classifyResponse({ ...res, status: 429 }, now)?.retryAfterMs;
      const ms = fromHeader ?? throttleWaitMs(env, cost, this.bucket.restoreRate);
      return new ConnectorError('rate_limited', `shopify ${op}: throttled`, { status: res.status, platformCode: 'THROTTLED', retryAfterMs: ms });
    }
    if (res.status === 402 || res.status === 423) {
      return new ConnectorError('auth', `shopify ${op}: HTTP ${res.status} (shop frozen or locked): ${describeErrors(env)}`, { status: res.status });
    }
    const httpErr = classifyResponse(res, now, () => ({ message: describeErrors(env) }));
    if (httpErr) return httpErr;
    if (!env) throw new ConnectorError('invalid_payload', `shopify ${op}: the answer is not a GraphQL response`);
    const kind = graphqlErrorKind(env);
    if (kind) {
      const code = kind === 'auth' ? 'ACCESS_DENIED' : undefined;
      return new ConnectorError(kind === 'throttled' ? 'rate_limited' : kind, `shopify ${op}: ${describeErrors(env)}`, { status: res.status, platformCode: code });
    }
    return env.data;
  }

  /** When the shop reports fewer points left than a call like this one needs, pause the key until it refills. */
  private async respectLowBucket(op: string, cost: number): Promise<void> {
    const available = this.lastAvailable;
    if (available === undefined || available >= cost) return;
    const ms = Math.ceil(((cost - available) / Math.max(this.bucket.restoreRate, 1)) * 1000);
    this.deps.log.debug({ shopId: this.opts.shopId, op, available, ms }, 'shopify bucket low, pausing');
    await this.deps.limiter.pause(this.key, ms);
  }

  private learn(op: string, env: Envelope | undefined): void {
    const c = env?.extensions?.cost;
    this.lastAvailable = c?.throttleStatus?.currentlyAvailable;
    this.lastActualCost = typeof c?.actualQueryCost === 'number' ? c.actualQueryCost : undefined;
    if (c?.throttleStatus) this.bucket = { maximumAvailable: c.throttleStatus.maximumAvailable, restoreRate: c.throttleStatus.restoreRate };
    if (typeof c?.requestedQueryCost === 'number') this.learnedCost.set(op, c.requestedQueryCost);
  }

  private parseData<T>(op: string, data: unknown, schema: z.ZodType<T>): T {
    const r = schema.safeParse(data);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    throw new ConnectorError('invalid_payload', `shopify ${op}: unexpected response at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
}
