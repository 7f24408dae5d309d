import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { ConnectorError } from './errors.js';
import { scrubSecrets } from './redact.js';
import type { EgressHook } from './types.js';

export interface HttpClientOptions {
  baseURL: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Egress policy: picks the (filtering) agents for this base URL. */
  egress?: EgressHook;
}

/** An axios instance that never throws on status: connectors classify responses with `classifyResponse`. */
export function createHttpClient(opts: HttpClientOptions): AxiosInstance {
  const agents = opts.egress?.(opts.baseURL) ?? {};
  return axios.create({
    httpAgent: agents.httpAgent,
    httpsAgent: agents.httpsAgent,
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs ?? 15_000,
    headers: opts.headers,
    validateStatus: () => true,
    maxRedirects: 0,
    // Keep big integer ids intact: connectors parse the text themselves where the platform sends 64-bit ids.
    transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
  });
}

/** Parses a Retry-After header (seconds, possibly fractional, or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: unknown, now: Date): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, Math.round(secs * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Turns a non-2xx response into the ConnectorError a worker knows how to handle.
 * `describe` extracts the platform's own error code/message from the body, when it has one.
 */
export function classifyResponse(
  res: AxiosResponse,
  now: Date,
  describe: (body: unknown) => { code?: string; message?: string } = () => ({}),
): ConnectorError | null {
  if (res.status >= 200 && res.status < 300) return null;
  const { code, message } = describe(res.data);
  // The platform's own words stay for operators (logs, job failure reasons), shortened and scrubbed of
  // anything that looks like a credential; sellers see a classified message (src/services/connector-failure.ts).
  const remote = message ? scrubSecrets(message).slice(0, 200) : '';
  const text = `HTTP ${res.status}${code ? ` ${scrubSecrets(code).slice(0, 64)}` : ''}${remote ? `: ${remote}` : ''}`;
  const base = { status: res.status, platformCode: code };
  if (res.status === 429) {
    return new ConnectorError('rate_limited', text, { ...base, retryAfterMs: parseRetryAfter(res.headers['retry-after'], now) });
  }
  if (res.status === 401 || res.status === 403) return new ConnectorError('auth', text, base);
  if (res.status === 404) return new ConnectorError('not_found', text, base);
  // The platform got the request and failed somewhere: a write may have been applied before the failure.
  if (res.status >= 500 || res.status === 408) return new ConnectorError('transient', text, { ...base, ambiguous: true });
  return new ConnectorError('invalid', text, base);
}

/** Transport failures that prove the request never reached the platform (nothing can have been applied). */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/** True when a transport failure leaves open whether the platform received (and applied) the request. */
export function transportAmbiguous(code: string | undefined): boolean {
  return !NOT_SENT_CODES.has(code ?? '');
}

/** Error codes of a refused egress (src/egress.ts): the target resolved to an address the hub must not reach. */
export const EGRESS_REFUSED = 'EGRESS_REFUSED';

const isEgressRefusal = (err: AxiosError): boolean =>
  err.code === EGRESS_REFUSED || /^DNS lookup .* is not allowed/.test(err.message) || (err.cause instanceof Error && err.cause.message.startsWith('DNS lookup ') && err.cause.message.includes('is not allowed'));

/**
 * Wraps transport failures as transient ConnectorErrors. A refused connection is plainly retryable; a timeout
 * or a reset after the request went out is `ambiguous` (a write may have been applied: see connectors/retry.ts).
 * The axios error is not kept as `cause`: its config and request carry the shop's headers, query-string
 * signatures and bodies. Only the error code survives, so nothing downstream (logs, BullMQ failure reasons,
 * API answers) can leak them.
 */
export async function send<T = unknown>(run: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    if (err instanceof AxiosError) {
      if (isEgressRefusal(err)) throw new ConnectorError('invalid', 'egress refused: the target address is not allowed', { platformCode: EGRESS_REFUSED });
      const code = typeof err.code === 'string' && /^[A-Z_]{2,40}$/.test(err.code) ? err.code : 'ERR_NETWORK';
      throw new ConnectorError('transient', `network error: ${code}`, { ambiguous: transportAmbiguous(err.code) });
    }
    throw err;
  }
}
