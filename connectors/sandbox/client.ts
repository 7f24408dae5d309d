import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { classifyResponse, createHttpClient, send } from '../http.js';
import { callWithRetry } from '../retry.js';
import type { ConnectorDeps } from '../types.js';
import { errorBodySchema } from './schemas.js';

/** The storefront's published quota is 20 requests/s with a burst of 40; we keep under it. */
export const SANDBOX_RATE = { ratePerSec: 10, burst: 20 };
const MAX_ATTEMPTS = 4;

/**
 * HTTP to the sandbox storefront: bearer auth, one shared throttle per shop, and the platform's own
 * back-off signal honoured (429 + Retry-After pauses the shop's key for every worker, then the call is
 * retried); 5xx and network failures are retried with backoff; anything else is classified and thrown.
 */
export class SandboxClient {
  private readonly http: AxiosInstance;

  constructor(private readonly shopId: string, baseUrl: string, apiKey: string, private readonly deps: ConnectorDeps) {
    this.http = createHttpClient({ baseURL: `${baseUrl.replace(/\/$/, '')}/api/v1`, headers: { authorization: `Bearer ${apiKey}` }, egress: deps.egress });
  }

  get<T>(path: string, params: Record<string, string | number | undefined>, schema: z.ZodType<T>): Promise<T> {
    return this.call('GET', path, params, undefined, schema);
  }

  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.call('POST', path, undefined, body, schema);
  }

  private call<T>(method: 'GET' | 'POST', path: string, params: Record<string, unknown> | undefined, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return callWithRetry(this.deps, {
      key: `sandbox:${this.shopId}`, rate: SANDBOX_RATE, maxAttempts: MAX_ATTEMPTS, backoffMs: 200, log: { platform: 'sandbox', shopId: this.shopId, path },
    }, async () => {
      const res = await send(() => this.http.request({ method, url: path, params, data: body }));
      const err = classifyResponse(res, this.deps.now(), (b) => {
        const e = errorBodySchema.safeParse(b);
        return e.success ? { code: e.data.error.code, message: e.data.error.message } : {};
      });
      if (err) throw err;
      const parsed = schema.safeParse(res.data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ConnectorError('invalid_payload', `sandbox ${method} ${path}: unexpected response at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      }
      return parsed.data;
    });
  }
}
