import { hubStatuses, type HubStatus } from './order.js';

/** Which hub status may follow which. Anything not listed is refused. */
export const transitions: Readonly<Record<HubStatus, readonly HubStatus[]>> = {
  pending: ['audited', 'on_hold', 'cancelled', 'merged', 'split'],
  audited: ['allocated', 'on_hold', 'cancelled', 'merged', 'split', 'pending'],
  on_hold: ['pending', 'cancelled', 'merged', 'split'],
  allocated: ['picking', 'shipped', 'cancelled', 'on_hold', 'pending', 'merged', 'split'],
  // Picking started (waybill printed): a refund now intercepts the parcel (on_hold) instead of cancelling.
  picking: ['shipped', 'on_hold', 'allocated'],
  shipped: ['completed'],
  completed: [],
  cancelled: [],
  // An absorbed order comes back (un-merge) when its master is undone, or is cancelled by a refund.
  merged: ['pending', 'cancelled'],
  split: ['cancelled', 'completed'],
};

export function canTransition(from: HubStatus, to: HubStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses an order may be in for `to` to follow. */
export function sourcesOf(to: HubStatus): HubStatus[] {
  return hubStatuses.filter((s) => transitions[s].includes(to));
}

/** Fails fast at start-up when the table names unknown states or leaves a state unreachable. */
export function validateTransitionTable(table: Readonly<Record<string, readonly string[]>> = transitions): void {
  const known = new Set<string>(hubStatuses);
  const reached = new Set<string>(['pending']);
  for (const [from, tos] of Object.entries(table)) {
    if (!known.has(from)) throw new Error(`lifecycle: unknown state ${from}`);
    for (const to of tos) {
      if (!known.has(to)) throw new Error(`lifecycle: ${from} → unknown state ${to}`);
      reached.add(to);
    }
  }
  for (const s of known) {
    if (!(s in table)) throw new Error(`lifecycle: state ${s} has no entry`);
    if (!reached.has(s)) throw new Error(`lifecycle: state ${s} is unreachable`);
  }
}
