import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
import { callWithRetry } from '../retry.js';
import { classifyResponse, createHttpClient, send } from '../http.js';
import type { ConnectorDeps } from '../types.js';
import { classifyTopError } from './errors.js';
import { readRouterAnswer } from './router-answer.js';
import { topErrorSchema } from './schemas.js';
import { formatTopTime, topSign, type TopSignMethod } from './sign.js';

export const TOP_GATEWAY = 'https://eco.taobao.com/router/rest';
/** TOP publishes daily quotas per app, not per-second ones; we stay well below what a gateway tolerates. */
export const TOP_RATE = { ratePerSec: 5, burst: 10 };
const MAX_ATTEMPTS = 4;
/** A ban longer than this is handed back to the worker (rate_limited) instead of waited out in the call. */
const MAX_INLINE_WAIT_MS = 30_000;

export interface TopAuth {
  appKey: string;
  appSecret: string;
  session: string;
  signMethod: TopSignMethod;
}

/** `taobao.trades.sold.increment.get` → `trades_sold_increment_get_response` (`tmall.*` keeps its prefix). */
export function responseKey(api: string): string {
  return `${api.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
}

/**
 * One TOP call: signed form POST to the router, one throttle per shop and API, the platform's ban time
 * honoured through the shared limiter, isp/5xx/network faults retried with backoff, everything else thrown
 * as the ConnectorError a worker understands. Credentials live only in this object, never in logs.
 */
export class TopClient {
  private readonly http: AxiosInstance;

  constructor(private readonly shopId: string, private readonly auth: TopAuth, private readonly deps: ConnectorDeps, baseUrl = TOP_GATEWAY, private readonly backoffMs = 200) {
    this.http = createHttpClient({ baseURL: baseUrl, headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, egress: deps.egress });
  }

  /** `write`: a non-idempotent call (consign), never repeated after an ambiguous failure (see callWithRetry). */
  async call<T>(api: string, business: Record<string, string | number | boolean | undefined>, schema: z.ZodType<T>, opts: { write?: boolean } = {}): Promise<T> {
    return callWithRetry(this.deps, {
      key: `taobao:${this.shopId}:${api}`, rate: TOP_RATE, maxAttempts: MAX_ATTEMPTS, backoffMs: this.backoffMs, maxInlineWaitMs: MAX_INLINE_WAIT_MS,
      log: { platform: 'taobao', shopId: this.shopId, api }, write: opts.write,
    }, () => this.once(api, business, schema));
  }

  private async once<T>(api: string, business: Record<string, string | number | boolean | undefined>, schema: z.ZodType<T>): Promise<T> {
    const params: Record<string, string> = {
      method: api, app_key: this.auth.appKey, session: this.auth.session, timestamp: formatTopTime(this.deps.now()),
      format: 'json', v: '2.0', sign_method: this.auth.signMethod,
    };
    for (const [k, v] of Object.entries(business)) if (v !== undefined && v !== '') params[k] = String(v);
    params.sign = topSign(params, this.auth.appSecret, this.auth.signMethod);
    const res = await send(() => this.http.post('', new URLSearchParams(params).toString(), { responseType: 'text', transformResponse: (d: unknown) => d }));
    const httpErr = classifyResponse(res, this.deps.now());
    if (httpErr) throw httpErr;
    return readRouterAnswer(String(res.data), { label: 'TOP', api, responseKey: responseKey(api), errorSchema: topErrorSchema, classify: classifyTopError, schema });
  }
}
