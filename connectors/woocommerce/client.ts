import type { AxiosInstance, AxiosResponse } from 'axios';
import type { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { classifyResponse, createHttpClient, parseRetryAfter, send } from '../http.js';
import type { ConnectorDeps } from '../types.js';
import { wcErrorSchema } from './schemas.js';
import { rfc3986, signOAuthQuery } from './signing.js';

/** Core WooCommerce has no API rate limit (hosts and WAFs may): we stay polite and honour their 429/503 signals. */
export const WC_RATE = { ratePerSec: 5, burst: 10 };
const MAX_ATTEMPTS = 4;
const DEFAULT_BACKOFF_MS = 1000;

export type WcOp = 'orders' | 'refunds' | 'shipments' | 'stock';
export type WcAuthMode = 'basic' | 'query' | 'oauth1';
export type Query = Record<string, string | number | undefined>;

export interface WcClientConfig {
  shopId: string;
  /** Site URL (`https://shop.example.com`, possibly with a sub-path). */
  siteUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** Explicit mode; by default HTTPS uses Basic auth and plain HTTP OAuth 1.0a. */
  authMode?: WcAuthMode;
}

export interface WcResponse<T> {
  data: T;
  headers: Record<string, unknown>;
}

/**
 * HTTP to one WooCommerce site under `/wp-json`: auth per transport (Basic or query keys over HTTPS,
 * one-legged OAuth 1.0a over HTTP), one throttle per shop and operation shared by every worker, the host's
 * back-off (429/503 + Retry-After) paused on that key and retried, 5xx and timeouts retried with backoff,
 * 401/403 as `auth`. Credentials live only in this object and in the request it builds; they are never logged.
 */
export class WcClient {
  private readonly http: AxiosInstance;
  private readonly site: string;
  readonly authMode: WcAuthMode;

  constructor(private readonly cfg: WcClientConfig, private readonly deps: ConnectorDeps) {
    this.site = cfg.siteUrl.replace(/\/+$/, '');
    const https = this.site.startsWith('https:');
    this.authMode = cfg.authMode ?? (https ? 'basic' : 'oauth1');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.authMode === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${cfg.consumerKey}:${cfg.consumerSecret}`).toString('base64')}`;
    }
    this.http = createHttpClient({ baseURL: `${this.site}/wp-json`, headers, egress: deps.egress });
  }

  /** For log lines of the connector's own steps (never credentials). */
  get log(): ConnectorDeps['log'] {
    return this.deps.log;
  }

  /** `write`: a non-idempotent call (a note, a tracking item), never repeated here after an ambiguous failure. */
  async request<T>(op: WcOp, method: 'GET' | 'POST' | 'PUT', path: string, query: Query, body: unknown, schema: z.ZodType<T>, opts: { write?: boolean } = {}): Promise<WcResponse<T>> {
    const key = `woocommerce:${this.cfg.shopId}:${op}`;
    for (let attempt = 1; ; attempt++) {
      await this.deps.limiter.acquire(key, WC_RATE);
      let err: ConnectorError | null;
      try {
        const res = await send(() => this.http.request({ method, url: this.url(method, path, query), data: body }));
        err = this.classify(res);
        if (!err) {
          const parsed = schema.safeParse(res.data);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new ConnectorError('invalid_payload', `woocommerce ${method} ${path}: unexpected response at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
          }
          return { data: parsed.data, headers: res.headers as Record<string, unknown> };
        }
      } catch (e) {
        if (!(e instanceof ConnectorError) || e.kind !== 'transient') throw e;
        // The axios cause carries the request config (Authorization header, signed or key-bearing URL): drop it.
        err = new ConnectorError(e.kind, e.message, { ...e.opts, cause: undefined });
      }
      if (!err.retryable || attempt >= MAX_ATTEMPTS || (opts.write && err.ambiguous)) throw err;
      if (err.retryAfterMs !== undefined || err.kind === 'rate_limited') {
        const ms = err.retryAfterMs ?? DEFAULT_BACKOFF_MS;
        this.deps.log.info({ shopId: this.cfg.shopId, op, path, status: err.opts.status, retryAfterMs: ms }, 'woocommerce host asked us to back off');
        await this.deps.limiter.pause(key, ms);
      } else {
        this.deps.log.warn({ shopId: this.cfg.shopId, op, path, attempt, status: err.opts.status }, 'woocommerce call failed, retrying');
        await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
      }
    }
  }

  private classify(res: AxiosResponse): ConnectorError | null {
    const now = this.deps.now();
    const err = classifyResponse(res, now, (b) => {
      const e = wcErrorSchema.safeParse(b);
      return e.success ? { code: e.data.code, message: e.data.message } : {};
    });
    // A 503 with Retry-After (maintenance mode, overloaded host) is a back-off signal too.
    if (err && err.kind === 'transient' && res.status === 503) {
      const ms = parseRetryAfter(res.headers['retry-after'], now);
      if (ms !== undefined) return new ConnectorError('transient', err.message, { ...err.opts, retryAfterMs: ms });
    }
    return err;
  }

  /** Builds the query string itself so that what is signed is byte for byte what is sent. */
  private url(method: string, path: string, query: Query): string {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q[k] = String(v);
    let params = q;
    if (this.authMode === 'query') {
      params = { ...q, consumer_key: this.cfg.consumerKey, consumer_secret: this.cfg.consumerSecret };
    } else if (this.authMode === 'oauth1') {
      params = signOAuthQuery({
        method, baseUrl: `${this.site}/wp-json${path}`, query: q,
        consumerKey: this.cfg.consumerKey, consumerSecret: this.cfg.consumerSecret,
        timestamp: Math.floor(this.deps.now().getTime() / 1000),
      });
    }
    const qs = Object.entries(params).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
    return qs ? `${path}?${qs}` : path;
  }
}

/** Reads an integer response header such as X-WP-TotalPages. */
export function intHeader(headers: Record<string, unknown>, name: string): number | undefined {
  const v = headers[name.toLowerCase()];
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : typeof v === 'number' ? v : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}
