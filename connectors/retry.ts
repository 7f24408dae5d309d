import { ConnectorError, isAmbiguous } from './errors.js';
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
  /**
   * A non-idempotent write (create a fulfilment, consign, mark shipped …): never repeated after an ambiguous
   * failure (timeout, reset, 5xx), since the platform may have applied it; the error goes to the connector,
   * which reads the platform's state before deciding (see `writeVerified`). Throttling and refused connections
   * prove nothing was applied and are still retried here.
   */
  write?: boolean;
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
      if (p.write && e.ambiguous) throw e;
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

export interface VerifiedWrite<T> {
  /** Sends the write once; its transport must not repeat it after an ambiguous failure (`write: true`). */
  write: () => Promise<T>;
  /** Reads the platform's state: the write's result when it has taken effect there, undefined when it has not. */
  applied: () => Promise<T | undefined>;
  /** A refusal that may be the platform rejecting our own earlier, already-applied write ("already shipped"). */
  refusalMayBeOurs?: (err: ConnectorError) => boolean;
  /** Sends at most this many times (only after reading that the earlier one was not applied). Default 3. */
  maxSends?: number;
  log: Record<string, unknown>;
}

/**
 * A non-idempotent platform write that survives a lost reply: after an ambiguous failure (or a refusal that may
 * be our own earlier write) it reads the platform's state first, returns what the platform already shows, and
 * sends again only when the state proves the earlier send did not take effect.
 */
export async function writeVerified<T>(deps: Pick<ConnectorDeps, 'log'>, w: VerifiedWrite<T>): Promise<T> {
  const maxSends = w.maxSends ?? 3;
  for (let send = 1; ; send++) {
    try {
      return await w.write();
    } catch (err) {
      const ambiguous = isAmbiguous(err);
      const ours = !ambiguous && err instanceof ConnectorError && w.refusalMayBeOurs?.(err) === true;
      if (!ambiguous && !ours) throw err;
      const done = await w.applied();
      if (done !== undefined) {
        deps.log.info({ ...w.log, send, reason: ambiguous ? 'ambiguous_failure' : 'refusal' }, 'write found applied on the platform after a lost reply');
        return done;
      }
      if (!ambiguous || send >= maxSends) throw err;
      deps.log.warn({ ...w.log, send }, 'write not applied on the platform after an ambiguous failure, sending again');
    }
  }
}
