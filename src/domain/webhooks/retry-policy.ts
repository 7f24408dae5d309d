/** Svix's schedule: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (delays before attempts 2…8). */
export const defaultRetryScheduleMs = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** A receiver's Retry-After is honoured up to this long. */
export const maxRetryAfterMs = 24 * 3_600_000;

export type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; errorClass: string; retryAfterMs?: number };

export type AttemptDecision =
  | { kind: 'delivered' }
  | { kind: 'retry'; at: Date }
  | { kind: 'give-up' }
  | { kind: 'disable-endpoint' };

/**
 * What follows one attempt. `attemptsBefore` attempts were made before this one. 2xx delivers; 410 disables the
 * endpoint (the message stays queued: re-enabling the endpoint delivers it); anything else retries on the schedule,
 * or later when the receiver asked for it with Retry-After, until the schedule is used up.
 */
export function decideAttempt(r: AttemptResult, attemptsBefore: number, now: Date, scheduleMs: readonly number[] = defaultRetryScheduleMs): AttemptDecision {
  if (r.ok) return { kind: 'delivered' };
  if (r.status === 410) return { kind: 'disable-endpoint' };
  const delay = scheduleMs[attemptsBefore];
  if (delay === undefined) return { kind: 'give-up' };
  const wait = Math.max(delay, Math.min(r.retryAfterMs ?? 0, maxRetryAfterMs));
  return { kind: 'retry', at: new Date(now.getTime() + wait) };
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now.getTime());
}

/** An endpoint that has failed without a single success for this long is disabled (Svix: 5 days). */
export const defaultDisableAfterMs = 5 * 24 * 3_600_000;

export function shouldDisableFailing(failingSince: Date | null | undefined, now: Date, disableAfterMs: number): boolean {
  return !!failingSince && now.getTime() - failingSince.getTime() >= disableAfterMs;
}
