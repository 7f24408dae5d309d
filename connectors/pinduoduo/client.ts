import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
import { callWithRetry } from '../retry.js';
import { classifyResponse, createHttpClient, send } from '../http.js';
import { readRouterAnswer } from '../taobao/router-answer.js';
import type { ConnectorDeps } from '../types.js';
import { classifyPddError } from './errors.js';
import { pddErrorSchema } from './schemas.js';
import { pddSign } from './sign.js';

export const PDD_GATEWAY = 'https://gw-api.pinduoduo.com/api/router';
/** Per-second limits are per API and app and not in our fact sheet; this stays well under any of them. */
export const PDD_RATE = { ratePerSec: 5, burst: 10 };
const MAX_ATTEMPTS = 4;
const MAX_INLINE_WAIT_MS = 30_000;

export interface PddAuth {
  clientId: string;
  clientSecret: string;
  accessToken: string;
}

/**
 * One call to the PDD router: JSON body with string values, signed; one throttle per shop and API; throttling
 * answers pause the shared limiter, faults are retried with backoff, token errors become ConnectorError('auth').
 */
export class PddClient {
  private readonly http: AxiosInstance;

  constructor(private readonly shopId: string, private readonly auth: PddAuth, private readonly deps: ConnectorDeps, baseUrl = PDD_GATEWAY, private readonly backoffMs = 200) {
    this.http = createHttpClient({ baseURL: baseUrl, headers: { 'content-type': 'application/json;charset=utf-8' }, egress: deps.egress });
  }

  /** `write`: a non-idempotent call (ship), never repeated after an ambiguous failure (see callWithRetry). */
  async call<T>(api: string, responseKey: string, business: Record<string, string | number | boolean | undefined>, schema: z.ZodType<T>, opts: { write?: boolean } = {}): Promise<T> {
    return callWithRetry(this.deps, {
      key: `pinduoduo:${this.shopId}:${api}`, rate: PDD_RATE, maxAttempts: MAX_ATTEMPTS, backoffMs: this.backoffMs, maxInlineWaitMs: MAX_INLINE_WAIT_MS,
      log: { platform: 'pinduoduo', shopId: this.shopId, api }, write: opts.write,
    }, () => this.once(api, responseKey, business, schema));
  }

  private async once<T>(api: string, responseKey: string, business: Record<string, string | number | boolean | undefined>, schema: z.ZodType<T>): Promise<T> {
    const params: Record<string, string> = {
      type: api, client_id: this.auth.clientId, access_token: this.auth.accessToken,
      timestamp: String(Math.floor(this.deps.now().getTime() / 1000)), data_type: 'JSON',
    };
    for (const [k, v] of Object.entries(business)) if (v !== undefined) params[k] = String(v);
    params.sign = pddSign(params, this.auth.clientSecret);
    const res = await send(() => this.http.post('', JSON.stringify(params), { responseType: 'text', transformResponse: (d: unknown) => d }));
    const httpErr = classifyResponse(res, this.deps.now());
    if (httpErr) throw httpErr;
    return readRouterAnswer(String(res.data), { label: 'PDD', api, responseKey: responseKey, errorSchema: pddErrorSchema, classify: classifyPddError, schema });
  }
}
