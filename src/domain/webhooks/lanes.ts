/** What the lane planner needs of a queued delivery. */
export interface QueuedItem {
  _id: string;
  lane: string;
  at: Date;
  pos: number;
  nextAttemptAt: Date;
}

export const queueOrder = (a: QueuedItem, b: QueuedItem) =>
  a.at.getTime() - b.at.getTime() || a.pos - b.pos || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * Given an endpoint's queued deliveries (the oldest first), returns the runs that may be sent now: per lane, the
 * consecutive items from the lane's head while they are due. A lane whose head waits for a retry sends nothing,
 * so later events of that order stay behind it; other lanes are unaffected.
 */
export function dueRuns<T extends QueuedItem>(items: readonly T[], now: Date): T[][] {
  const lanes = new Map<string, { run: T[]; blocked: boolean }>();
  for (const it of [...items].sort(queueOrder)) {
    let l = lanes.get(it.lane);
    if (!l) lanes.set(it.lane, (l = { run: [], blocked: false }));
    if (l.blocked) continue;
    if (it.nextAttemptAt.getTime() > now.getTime()) l.blocked = true;
    else l.run.push(it);
  }
  return [...lanes.values()].map((l) => l.run).filter((r) => r.length > 0);
}

/** The earliest time a blocked lane's head becomes due, if any. */
export function nextDue(items: readonly QueuedItem[], now: Date): Date | null {
  const heads = new Map<string, QueuedItem>();
  for (const it of [...items].sort(queueOrder)) if (!heads.has(it.lane)) heads.set(it.lane, it);
  let min: Date | null = null;
  for (const h of heads.values()) if (h.nextAttemptAt > now && (!min || h.nextAttemptAt < min)) min = h.nextAttemptAt;
  return min;
}
