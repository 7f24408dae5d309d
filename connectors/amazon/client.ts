import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { classifyResponse, createHttpClient, parseRetryAfter, send } from '../http.js';
import type { ConnectorDeps } from '../types.js';
import type { LwaTokenProvider } from './lwa.js';
import { amazonOperations, backoffAfterQuotaMs, throttleKey, type AmazonOperation } from './operations.js';
import { spErrorsSchema } from './schemas.js';

const MAX_ATTEMPTS = 4;
/** A 429 whose back-off is longer than this is handed back to the caller (rate_limited) instead of waited out here. */
const INLINE_BACKOFF_MAX_MS = 10_000;

export interface SpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Supplies a Restricted Data Token instead of the LWA access token (PII operations). */
  token?: () => Promise<string>;
  /** A non-idempotent write (confirmShipment): never repeated here after an ambiguous failure (timeout, reset, 5xx). */
  write?: boolean;
}

export function describeSpError(body: unknown): { code?: string; message?: string } {
  const e = spErrorsSchema.safeParse(body);
  if (!e.success) return {};
  const first = e.data.errors[0]!;
  return { code: first.code, message: [first.message, first.details].filter(Boolean).join(' ') };
}

/**
 * HTTP to SP-API: `x-amz-access-token` from LWA, one throttle per shop and operation (the usage-plan token bucket),
 * 429 QuotaExceeded pauses that key for the time the bucket needs to refill, 5xx and timeouts are retried with
 * backoff, an expired/revoked token is exchanged once more, then 403 is ConnectorError('auth').
 */
export class SpApiClient {
  private readonly http: AxiosInstance;

  constructor(private readonly shopId: string, baseUrl: string, private readonly lwa: LwaTokenProvider, private readonly deps: ConnectorDeps) {
    this.http = createHttpClient({ baseURL: baseUrl.replace(/\/$/, ''), headers: { 'content-type': 'application/json', 'user-agent': 'oms-hub/1.0 (Language=TypeScript)' }, egress: deps.egress });
  }

  async call<T>(op: AmazonOperation, req: SpRequest, schema: z.ZodType<T>): Promise<T> {
    const key = throttleKey(this.shopId, op);
    let reauthorised = false;
    for (let attempt = 1; ; attempt++) {
      await this.deps.limiter.acquire(key, amazonOperations[op]);
      let err: ConnectorError | null;
      let token = '';
      try {
        token = req.token ? await req.token() : await this.lwa.accessToken();
        const res = await send(() => this.http.request({
          method: req.method, url: req.path, params: req.params, data: req.body, headers: { 'x-amz-access-token': token },
        }));
        err = classifyResponse(res, this.deps.now(), describeSpError);
        if (!err) return this.parse(op, res.status === 204 ? undefined : res.data, schema);
        if (err.kind === 'rate_limited') {
          const ms = parseRetryAfter(res.headers['retry-after'], this.deps.now()) ?? backoffAfterQuotaMs(op, res.headers['x-amzn-ratelimit-limit']);
          err = new ConnectorError('rate_limited', err.message, { ...err.opts, retryAfterMs: ms });
        }
        if (err.kind === 'auth' && err.opts.platformCode === 'Unauthorized' && !reauthorised && !req.token) {
          // The access token may have expired or been revoked early: exchange the refresh token once more.
          this.lwa.invalidate(token);
          reauthorised = true;
          attempt--;
          continue;
        }
      } catch (e) {
        if (!(e instanceof ConnectorError) || e.kind !== 'transient') throw e;
        err = e;
      }
      if (req.write && err.ambiguous) throw err;
      await this.backOff(key, op, err, attempt);
    }
  }

  private async backOff(key: string, op: AmazonOperation, err: ConnectorError, attempt: number): Promise<void> {
    if (!err.retryable) throw err;
    if (err.kind === 'rate_limited') {
      const ms = err.retryAfterMs ?? 1000;
      this.deps.log.info({ shopId: this.shopId, op, retryAfterMs: ms, attempt }, 'amazon quota exceeded, backing off');
      await this.deps.limiter.pause(key, ms);
      if (ms > INLINE_BACKOFF_MAX_MS || attempt >= MAX_ATTEMPTS) throw err;
      return;
    }
    if (attempt >= MAX_ATTEMPTS) throw err;
    this.deps.log.warn({ shopId: this.shopId, op, attempt, status: err.opts.status }, 'amazon call failed, retrying');
    await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
  }

  private parse<T>(op: AmazonOperation, data: unknown, schema: z.ZodType<T>): T {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new ConnectorError('invalid_payload', `amazon ${op}: unexpected response at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }

  /** A PUT of a feed document to its pre-signed upload URL (no SP-API token: the URL carries its own signature). */
  async upload(url: string, contentType: string, body: string): Promise<void> {
    const res = await send(() => this.http.request({ method: 'PUT', url, baseURL: undefined, data: body, headers: { 'content-type': contentType } }));
    const err = classifyResponse(res, this.deps.now());
    if (err) throw err;
  }
}
