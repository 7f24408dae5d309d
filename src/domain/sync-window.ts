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
