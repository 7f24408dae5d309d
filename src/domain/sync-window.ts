/** The window an incremental pull covers: overlapping the last one, ending where the platform has settled. */
export function nextPullWindow(input: {
  now: Date;
  syncedUntil?: Date | null;
  overlapSeconds: number;
  settleLagSeconds: number;
  initialLookbackSeconds: number;
}): { since: Date; until: Date } {
  const until = new Date(input.now.getTime() - input.settleLagSeconds * 1000);
  const since = input.syncedUntil
    ? new Date(input.syncedUntil.getTime() - input.overlapSeconds * 1000)
    : new Date(until.getTime() - input.initialLookbackSeconds * 1000);
  return { since: since < until ? since : until, until };
}

/** The longest a failing shop waits between scheduled syncs. */
export const MAX_SYNC_BACKOFF_MS = 3_600_000;

/**
 * Whether a scheduled sync of a shop is due. A healthy shop syncs once its last run is older than the interval;
 * a shop whose syncs keep failing backs off: the interval doubles with each consecutive failure, up to an hour,
 * counted from the last failure (a manual sync or a webhook still pulls at once).
 */
export function scheduledSyncDue(input: {
  now: Date;
  intervalMs: number;
  lastRunAt?: Date | null;
  failures?: number | null;
  lastFailedAt?: Date | null;
}): boolean {
  const now = input.now.getTime();
  const failures = input.failures ?? 0;
  if (failures > 0 && input.lastFailedAt) {
    const wait = Math.min(input.intervalMs * 2 ** Math.min(failures - 1, 20), Math.max(MAX_SYNC_BACKOFF_MS, input.intervalMs));
    return now - input.lastFailedAt.getTime() >= wait;
  }
  return !input.lastRunAt || now - input.lastRunAt.getTime() >= input.intervalMs;
}
