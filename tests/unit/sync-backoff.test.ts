import { describe, expect, it } from 'vitest';
import { scheduledSyncDue } from '../../src/domain/sync-window.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const interval = 60_000;

describe('scheduledSyncDue', () => {
  it.each([
    { name: 'never synced', input: {}, now: 0, due: true },
    { name: 'last run inside the interval', input: { lastRunAt: t(0) }, now: 59, due: false },
    { name: 'last run older than the interval', input: { lastRunAt: t(0) }, now: 60, due: true },
    { name: 'one failure waits one interval', input: { failures: 1, lastFailedAt: t(0) }, now: 59, due: false },
    { name: 'one failure, one interval later', input: { failures: 1, lastFailedAt: t(0) }, now: 60, due: true },
    { name: 'three failures wait four intervals', input: { failures: 3, lastFailedAt: t(0) }, now: 239, due: false },
    { name: 'three failures, four intervals later', input: { failures: 3, lastFailedAt: t(0) }, now: 240, due: true },
    { name: 'many failures wait at most an hour', input: { failures: 40, lastFailedAt: t(0) }, now: 3600, due: true },
    { name: 'many failures, inside the hour', input: { failures: 40, lastFailedAt: t(0) }, now: 3599, due: false },
    { name: 'a success resets (failures 0): the last run counts', input: { failures: 0, lastFailedAt: t(0), lastRunAt: t(10) }, now: 70, due: true },
  ])('$name', ({ input, now, due }) => {
    expect(scheduledSyncDue({ now: t(now), intervalMs: interval, ...input })).toBe(due);
  });
});
