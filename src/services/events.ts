import type { Models } from '../db/models.js';
import type { EventDoc } from '../db/models/event.model.js';
import { isOnlyDuplicateKeyErrors } from '../errors.js';

export type DomainEvent = Omit<EventDoc, 'at'> & { at?: Date };

/** Appends events to the outbox; an event id already there (a retried write) is skipped. */
export async function appendEvents(models: Models, events: readonly DomainEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  try {
    await models.Event.insertMany(events.map((e, i) => ({ ...e, at: e.at ?? now, pos: e.pos ?? i })), { ordered: false });
  } catch (err) {
    if (!isOnlyDuplicateKeyErrors(err)) throw err;
  }
}
