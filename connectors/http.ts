import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { ConnectorError } from './errors.js';

export interface HttpClientOptions {
  baseURL: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** An axios instance that never throws on status: connectors classify responses with `classifyResponse`. */
export function createHttpClient(opts: HttpClientOptions): AxiosInstance {
  return axios.create({
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
  const text = `HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
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

/**
 * Wraps transport failures as transient ConnectorErrors. A refused connection is plainly retryable; a timeout
 * or a reset after the request went out is `ambiguous` (a write may have been applied: see connectors/retry.ts).
 */
export async function send<T = unknown>(run: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    if (err instanceof AxiosError) {
      throw new ConnectorError('transient', `network error: ${err.code ?? err.message}`, { cause: err, ambiguous: transportAmbiguous(err.code) });
    }
    throw err;
  }
}
