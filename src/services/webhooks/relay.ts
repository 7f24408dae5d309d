import type { Ctx } from '../../context.js';
import type { EventDoc } from '../../db/models/event.model.js';
import type { WebhookEndpointDoc } from '../../db/models/webhook-endpoint.model.js';
import { enqueueMessages, messagesFor } from './fan-out.js';
import { dirtyEndpointsKey, wakeEndpoint, wakeEndpoints } from './wake.js';

const PAGE = 5_000;
const CURSOR_ID = 'relay';

/** What one relay remembers between ticks: the events of the look-back window it already fanned out. */
export interface RelayMemory {
  seen: Map<string, number>;
  lastSweepMs: number;
  /** Until its first pass is written, a relay may re-read events an earlier (perhaps killed) relay fanned out. */
  firstPass: boolean;
  /** The endpoints of the previous pass: an endpoint new since then is offered the window's events it missed. */
  endpointIds: Set<string>;
  /** When the whole look-back window was last re-read; passes in between re-read only the last 2 s. */
  lastFullMs: number;
}

export const newRelayMemory = (): RelayMemory => ({ seen: new Map(), lastSweepMs: 0, firstPass: true, endpointIds: new Set(), lastFullMs: 0 });

/**
 * One pass of the relay (run by the one process holding the relay lock): fans every new event out to the
 * endpoints that want it, moves the cursor kept in the store, and re-enqueues drains that may have been lost.
 * The cursor only moves after the fan-out is written, and every write is an idempotent insert, so a SIGKILL
 * anywhere repeats work without losing an event.
 */
export async function relayTick(ctx: Ctx, mem: RelayMemory, opts: { lookbackMs: number }): Promise<{ events: number; messages: number; idle: boolean }> {
  const stats = { events: 0, messages: 0, idle: false };
  const endpoints = await ctx.models.WebhookEndpoint.find({ enabled: true }).lean<WebhookEndpointDoc[]>();
  if (endpoints.length === 0) return { ...stats, idle: true };
  await requeueDirty(ctx, mem);
  const cursor = await ctx.models.WebhookRelay.findById(CURSOR_ID).lean();
  const minCreated = Math.min(...endpoints.map((e) => e.createdAt.getTime()));
  const cursorMs = cursor?.at.getTime() ?? 0;
  // Late writes (an event whose time was taken before a slow write) are caught by the full re-read every 5 s.
  const nowMs = ctx.now().getTime();
  const fullRead = mem.firstPass || nowMs - mem.lastFullMs >= 5_000;
  if (fullRead) mem.lastFullMs = nowMs;
  let lower = new Date(Math.max(cursorMs - (fullRead ? opts.lookbackMs : Math.min(opts.lookbackMs, 2_000)), minCreated));
  let maxAt = Math.max(cursorMs, lower.getTime());
  const woken = new Set<string>();
  // An endpoint saved while the previous pass ran may have missed events of its own time that pass fanned out.
  const added = mem.firstPass ? [] : endpoints.filter((e) => !mem.endpointIds.has(e._id));
  for (;;) {
    let page = await ctx.models.Event.find({ at: { $gte: lower } }).sort({ at: 1 }).limit(PAGE).lean<EventDoc[]>();
    const full = page.length === PAGE;
    const lastAt = page.at(-1)?.at;
    // A whole page sharing one time: take every event of that time, then go past it.
    if (full && lastAt && lastAt.getTime() === lower.getTime()) page = await ctx.models.Event.find({ at: lower }).lean<EventDoc[]>();
    const fresh = page.filter((e) => !mem.seen.has(e._id));
    const earlier = page.filter((e) => mem.seen.has(e._id));
    if (fresh.length > 0) {
      const docs = messagesFor(fresh, endpoints, ctx.now());
      // Drains start on each page, not after the whole pass: a long backlog flows while it is read.
      await wakeEndpoints(ctx, await enqueueMessages(ctx, docs, mem.firstPass));
      stats.events += fresh.length;
      stats.messages += docs.length;
      for (const e of fresh) mem.seen.set(e._id, e.at.getTime());
    }
    if (added.length > 0) {
      const missed = messagesFor(earlier, added, ctx.now());
      for (const id of await enqueueMessages(ctx, missed, true)) woken.add(id);
    }
    for (const e of page) maxAt = Math.max(maxAt, e.at.getTime());
    if (!full || !lastAt) break;
    lower = lastAt.getTime() === lower.getTime() ? new Date(lower.getTime() + 1) : lastAt;
  }
  if (maxAt > cursorMs) {
    await ctx.models.WebhookRelay.updateOne({ _id: CURSOR_ID }, { $set: { at: new Date(maxAt), updatedAt: ctx.now() } }, { upsert: true });
  }
  mem.firstPass = false;
  mem.endpointIds = new Set(endpoints.map((e) => e._id));
  for (const [id, at] of mem.seen) if (at < maxAt - opts.lookbackMs) mem.seen.delete(id);
  await wakeEndpoints(ctx, woken);
  return stats;
}

/**
 * Drains asked for while another drain of the endpoint was finishing are re-enqueued from the dirty set; every
 * 10 s, deliveries overdue by more than 10 s (their job lost with Redis) are woken from the store.
 */
async function requeueDirty(ctx: Ctx, mem: RelayMemory): Promise<void> {
  for (const id of await ctx.redis.smembers(dirtyEndpointsKey(ctx.config.QUEUE_PREFIX))) await wakeEndpoint(ctx, id);
  const now = ctx.now().getTime();
  if (now - mem.lastSweepMs < 10_000) return;
  mem.lastSweepMs = now;
  const overdue = await ctx.models.WebhookQueue.distinct('endpointId', { nextAttemptAt: { $lte: new Date(now - 10_000) } });
  await wakeEndpoints(ctx, overdue as string[]);
}
