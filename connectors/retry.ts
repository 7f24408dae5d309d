import { ConnectorError } from './errors.js';
import type { ConnectorDeps } from './types.js';

export interface RetryPolicy {
  /** The shared throttle key (per shop and operation) and its rate. */
  key: string;
  rate: { ratePerSec: number; burst: number; cost?: number };
  maxAttempts: number;
  /** First backoff for transient failures, doubled each attempt. */
  backoffMs: number;
  /** A platform back-off longer than this is not waited out inline: the error goes back to the job's retry. */
  maxInlineWaitMs?: number;
  /** Fields for the log lines (platform, operation …); never credentials. */
  log: Record<string, unknown>;
}

/**
 * One platform call under the shared throttle, retried the way every connector needs: the platform's own
 * back-off signal (rate_limited with retryAfterMs) pauses the key for every worker and is then waited out;
 * transient failures (5xx, timeouts) back off exponentially; anything else is thrown at once.
 */
export async function callWithRetry<T>(deps: ConnectorDeps, p: RetryPolicy, once: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await deps.limiter.acquire(p.key, p.rate);
    let err: ConnectorError;
    try {
      return await once();
    } catch (e) {
      if (!(e instanceof ConnectorError) || !e.retryable) throw e;
      err = e;
    }
    const wait = err.kind === 'rate_limited' ? (err.retryAfterMs ?? 1000) : p.backoffMs * 2 ** (attempt - 1);
    if (err.kind === 'rate_limited') {
      deps.log.info({ ...p.log, retryAfterMs: wait, platformCode: err.opts.platformCode }, 'platform asked us to back off');
      await deps.limiter.pause(p.key, wait);
      if (p.maxInlineWaitMs !== undefined && wait > p.maxInlineWaitMs) throw err;
    }
    if (attempt >= p.maxAttempts) throw err;
    if (err.kind !== 'rate_limited') {
      deps.log.warn({ ...p.log, attempt, platformCode: err.opts.platformCode }, 'platform call failed, retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
