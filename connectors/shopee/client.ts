import type { AxiosInstance, AxiosResponse } from 'axios';
import type { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { classifyResponse, createHttpClient, parseRetryAfter, send } from '../http.js';
import type { ConnectorDeps } from '../types.js';
import { TokenKeeper, type RefreshGuard } from './auth.js';
import { classifyShopeeError, DEFAULT_BACKOFF_MS, isTokenError } from './errors.js';
import { envelopeSchema, tokenResponseSchema } from './schemas.js';
import { signRequest } from './signing.js';
import type { ShopeeTokens } from './tokens.js';

export const SHOPEE_LIVE_URL = 'https://partner.shopeemobile.com';
/** Shopee publishes no numeric per-API limits; this stays well under what sellers report as safe. */
export const SHOPEE_RATE = { ratePerSec: 5, burst: 10 };
const MAX_ATTEMPTS = 4;

export interface ShopeeClientConfig {
  hubShopId: string;
  baseUrl: string;
  partnerId: number;
  partnerKey: string;
  shopeeShopId: number;
  tokens: { accessToken: string; refreshToken: string; accessTokenExpiresAt?: string };
  /** Where a refreshed token pair is persisted (with the rest of the shop's credentials). */
  persistTokens?: (fresh: ShopeeTokens) => Promise<void>;
  refreshGuard?: RefreshGuard;
}

type Params = Record<string, string | number | boolean | undefined>;

/** `/api/v2/order/get_order_list` → `order.get_order_list`, the per-operation throttle key suffix. */
export const opOf = (path: string) => path.replace(/^\/api\/v2\//, '').replace(/\//g, '.');

/**
 * HTTP to Shopee Open Platform v2: every call signed (partner_id+path+timestamp+access_token+shop_id), one
 * shared throttle per shop and API, `error_rate_limit` honoured by pausing that key for every worker, expired
 * access tokens refreshed once, 5xx/timeouts retried with backoff, everything else classified and thrown.
 */
export class ShopeeClient {
  private readonly http: AxiosInstance;
  readonly keeper: TokenKeeper;

  constructor(private readonly cfg: ShopeeClientConfig, private readonly deps: ConnectorDeps) {
    this.http = createHttpClient({ baseURL: cfg.baseUrl.replace(/\/$/, ''), headers: { 'content-type': 'application/json' }, egress: deps.egress });
    this.keeper = new TokenKeeper(`${cfg.partnerId}:${cfg.shopeeShopId}`, cfg.tokens, deps.now, (rt) => this.refreshTokens(rt), cfg.persistTokens, cfg.refreshGuard);
  }

  get<T>(path: string, params: Params, schema: z.ZodType<T>): Promise<T> {
    return this.call('GET', path, params, undefined, schema);
  }

  /** `write`: a non-idempotent call (ship_order), never repeated here after an ambiguous failure. */
  post<T>(path: string, body: unknown, schema: z.ZodType<T>, opts: { write?: boolean } = {}): Promise<T> {
    return this.call('POST', path, {}, body, schema, opts.write === true);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, params: Params, body: unknown, schema: z.ZodType<T>, write = false): Promise<T> {
    const key = `shopee:${this.cfg.hubShopId}:${opOf(path)}`;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await this.deps.limiter.acquire(key, SHOPEE_RATE);
      const tokens = await this.keeper.current();
      let err: ConnectorError;
      try {
        const res = await send(() => this.http.request({ method, url: path, params: { ...this.common(path, tokens), ...params }, data: body }));
        const out = this.interpret(res, method, path, schema);
        if (out.ok) return out.value;
        err = out.err;
      } catch (e) {
        if (!(e instanceof ConnectorError) || e.kind !== 'transient') throw e;
        // The transport error's cause carries the request config (access_token in the query): keep it out of logs.
        err = new ConnectorError('transient', `shopee ${method} ${path}: ${e.message}`, { ambiguous: e.ambiguous });
      }
      const code = err.opts.platformCode ?? '';
      if (!refreshed && isTokenError(code, err.message)) {
        refreshed = true;
        this.deps.log.info({ shopId: this.cfg.hubShopId, path, code }, 'shopee rejected the access token; refreshing');
        await this.keeper.refresh(tokens);
        attempt--;
        continue;
      }
      if (code === 'error_limit' && err.retryAfterMs) await this.deps.limiter.pause(key, err.retryAfterMs);
      if (!err.retryable || code === 'error_limit' || attempt >= MAX_ATTEMPTS || (write && err.ambiguous)) throw err;
      if (err.kind === 'rate_limited') {
        const ms = err.retryAfterMs ?? DEFAULT_BACKOFF_MS;
        this.deps.log.info({ shopId: this.cfg.hubShopId, path, retryAfterMs: ms }, 'shopee asked us to back off');
        await this.deps.limiter.pause(key, ms);
      } else {
        await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)));
      }
    }
  }

  private common(path: string, t: ShopeeTokens) {
    const timestamp = Math.floor(this.deps.now().getTime() / 1000);
    const sign = signRequest(this.cfg.partnerKey, this.cfg.partnerId, path, timestamp, { accessToken: t.accessToken, shopId: this.cfg.shopeeShopId });
    return { partner_id: this.cfg.partnerId, timestamp, access_token: t.accessToken, shop_id: this.cfg.shopeeShopId, sign };
  }

  private interpret<T>(res: AxiosResponse, method: string, path: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; err: ConnectorError } {
    const now = this.deps.now();
    const env = envelopeSchema.safeParse(res.data);
    const code = env.success ? env.data.error ?? '' : '';
    if (code) {
      return { ok: false, err: classifyShopeeError(code, env.data?.message ?? '', res.status, now, parseRetryAfter(res.headers['retry-after'], now)) };
    }
    const httpErr = classifyResponse(res, now);
    if (httpErr) return { ok: false, err: httpErr };
    if (!env.success) throw new ConnectorError('invalid_payload', `shopee ${method} ${path}: answer is not a JSON object`);
    const parsed = schema.safeParse(env.data.response);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConnectorError('invalid_payload', `shopee ${method} ${path}: unexpected response at response.${issue?.path.join('.') ?? ''}: ${issue?.message}`);
    }
    return { ok: true, value: parsed.data };
  }

  /** POST /api/v2/auth/access_token/get (a public API: signed without token and shop id). */
  private async refreshTokens(refreshToken: string): Promise<ShopeeTokens> {
    const path = '/api/v2/auth/access_token/get';
    await this.deps.limiter.acquire(`shopee:${this.cfg.hubShopId}:${opOf(path)}`, SHOPEE_RATE);
    return requestTokens(this.http, this.cfg, path, { refresh_token: refreshToken, partner_id: this.cfg.partnerId, shop_id: this.cfg.shopeeShopId }, this.deps.now);
  }
}

/** Calls one of Shopee's token endpoints (token/get with a code, access_token/get with a refresh token). */
export async function requestTokens(
  http: AxiosInstance,
  cfg: { partnerId: number; partnerKey: string },
  path: string,
  body: Record<string, unknown>,
  now: () => Date,
): Promise<ShopeeTokens> {
  const timestamp = Math.floor(now().getTime() / 1000);
  const sign = signRequest(cfg.partnerKey, cfg.partnerId, path, timestamp);
  const res = await send(() => http.post(path, body, { params: { partner_id: cfg.partnerId, timestamp, sign } }));
  const env = envelopeSchema.safeParse(res.data);
  if (env.success && env.data.error) {
    throw classifyShopeeError(env.data.error, env.data.message ?? '', res.status, now(), parseRetryAfter(res.headers['retry-after'], now()));
  }
  const httpErr = classifyResponse(res, now());
  if (httpErr) throw httpErr;
  const t = tokenResponseSchema.safeParse(res.data);
  if (!t.success) throw new ConnectorError('invalid_payload', `shopee ${path}: token answer lacks ${t.error.issues[0]?.path.join('.')}`);
  return { accessToken: t.data.access_token, refreshToken: t.data.refresh_token, expiresAt: now().getTime() + t.data.expire_in * 1000 };
}
