import type { Ctx } from '../../context.js';
import type { WebhookEndpointDoc } from '../../db/models/webhook-endpoint.model.js';
import type { WebhookQueueDoc } from '../../db/models/webhook-message.model.js';
import { dueRuns, nextDue } from '../../domain/webhooks/lanes.js';
import { decideAttempt, shouldDisableFailing } from '../../domain/webhooks/retry-policy.js';
import { LockTimeoutError } from '../../locks.js';
import { deliverOne } from './deliver-one.js';
import { disableEndpoint } from './disable.js';
import type { EgressCheck } from './egress-check.js';
import { DrainResults } from './results.js';
import type { WebhookSettings } from './settings.js';
import { dirtyEndpointsKey, wakeEndpoint } from './wake.js';

const BATCH = 2_000;
/** Lanes of one endpoint sent to at the same time. */
const LANES_AT_ONCE = 16;

export interface DrainDeps {
  egress: EgressCheck;
  settings: WebhookSettings;
}

export interface DrainSummary {
  delivered: number;
  failed: number;
  busy?: boolean;
}

/**
 * Sends an endpoint's due deliveries, lane by lane in order, many lanes at once. One drain per endpoint at a
 * time (a Redis lock that lapses if its holder dies); a drain asked for while one runs marks the endpoint dirty
 * and the running one goes round again.
 */
export async function drainEndpoint(ctx: Ctx, deps: DrainDeps, endpointId: string): Promise<DrainSummary> {
  try {
    return await ctx.locks.withLock(`webhooks:endpoint:${endpointId}`, () => drainLoop(ctx, deps, endpointId), { ttlMs: 5_000, waitMs: 0 });
  } catch (err) {
    if (!(err instanceof LockTimeoutError)) throw err;
    await ctx.redis.sadd(dirtyEndpointsKey(ctx.config.QUEUE_PREFIX), endpointId);
    return { delivered: 0, failed: 0, busy: true };
  }
}

async function drainLoop(ctx: Ctx, deps: DrainDeps, endpointId: string): Promise<DrainSummary> {
  const summary: DrainSummary = { delivered: 0, failed: 0 };
  const dirty = dirtyEndpointsKey(ctx.config.QUEUE_PREFIX);
  for (;;) {
    await ctx.redis.srem(dirty, endpointId);
    const ep = await ctx.models.WebhookEndpoint.findById(endpointId).lean<WebhookEndpointDoc>();
    if (!ep) {
      await ctx.models.WebhookQueue.deleteMany({ endpointId });
      return summary;
    }
    if (!ep.enabled) return summary;
    const items = await ctx.models.WebhookQueue.find({ endpointId }).sort({ at: 1, pos: 1, _id: 1 }).limit(BATCH).lean<WebhookQueueDoc[]>();
    const now = ctx.now();
    const runs = dueRuns(items, now);
    if (runs.length === 0) {
      const next = nextDue(items, now);
      if (next) await wakeEndpoint(ctx, endpointId, next.getTime() - now.getTime());
      if (await ctx.redis.sismember(dirty, endpointId)) continue;
      return summary;
    }
    const r = await sendRuns(ctx, deps, ep, runs);
    summary.delivered += r.successes;
    summary.failed += r.failures;
    if (r.disabled) return summary;
  }
}

async function sendRuns(ctx: Ctx, deps: DrainDeps, ep: WebhookEndpointDoc, runs: WebhookQueueDoc[][]) {
  const results = new DrainResults(ctx);
  const { settings } = deps;
  const limits = { connectTimeoutMs: settings.connectTimeoutMs, timeoutMs: settings.timeoutMs, maxResponseBytes: settings.maxResponseBytes };
  const pace = pacer(ep._id, ep.rateLimitPerSecond);
  let gone = false;
  let firstFailureAt: Date | null = null;
  const lane = async (run: WebhookQueueDoc[]) => {
    for (const m of run) {
      if (gone) return;
      await pace();
      const out = await deliverOne(ctx, ep, m, limits, deps.egress);
      const now = ctx.now();
      const d = decideAttempt(out.result, m.attempts, now, settings.retryScheduleMs);
      const r = out.result;
      const base = {
        sellerId: ep.sellerId, endpointId: ep._id, messageId: m._id, eventType: m.type, attempt: m.attempts + 1,
        responseStatus: r.status, errorClass: r.ok ? null : r.errorClass, latencyMs: out.latencyMs, at: now,
      };
      if (d.kind === 'delivered') {
        await results.add({ ...base, outcome: 'delivered', nextRetryAt: null }, { done: true }, m._id);
        continue;
      }
      firstFailureAt ??= now;
      if (d.kind === 'retry') await results.add({ ...base, outcome: 'retry', nextRetryAt: d.at }, { done: false, attempts: m.attempts + 1, at: d.at }, m._id);
      else if (d.kind === 'give-up') {
        // The schedule is used up: the message stays in the log (replayable) and the lane moves on.
        await results.add({ ...base, outcome: 'gave-up', nextRetryAt: null }, { done: true }, m._id);
        continue;
      } else {
        // 410: the endpoint is disabled; the message stays queued for a re-enabled endpoint.
        gone = true;
        await results.add({ ...base, outcome: 'endpoint-disabled', nextRetryAt: null }, { done: false, attempts: m.attempts, at: m.nextAttemptAt }, m._id);
      }
      ctx.log.debug({ endpointId: ep._id, messageId: m._id, status: r.status, decision: d.kind }, 'webhook attempt failed');
      return;
    }
  };
  const queue = [...runs];
  await Promise.all(Array.from({ length: Math.min(LANES_AT_ONCE, queue.length) }, async () => {
    for (let run = queue.shift(); run; run = queue.shift()) await lane(run);
  }));
  await results.flush();
  const disabled = await endpointHealth(ctx, ep, { gone, successes: results.successes, firstFailureAt }, settings.disableAfterMs);
  return { successes: results.successes, failures: results.failures, disabled };
}

/** Success clears the failing streak; 410 or a streak longer than `disableAfterMs` disables the endpoint. */
async function endpointHealth(ctx: Ctx, ep: WebhookEndpointDoc, r: { gone: boolean; successes: number; firstFailureAt: Date | null }, disableAfterMs: number): Promise<boolean> {
  if (r.gone) {
    await disableEndpoint(ctx, ep, 'gone');
    return true;
  }
  if (r.successes > 0 && ep.failingSince) await ctx.models.WebhookEndpoint.updateOne({ _id: ep._id }, { $set: { failingSince: null } });
  if (r.successes > 0 || !r.firstFailureAt) return false;
  if (!ep.failingSince) {
    await ctx.models.WebhookEndpoint.updateOne({ _id: ep._id }, { $set: { failingSince: r.firstFailureAt } });
    return false;
  }
  if (!shouldDisableFailing(ep.failingSince, ctx.now(), disableAfterMs)) return false;
  await disableEndpoint(ctx, ep, 'failing');
  return true;
}

/** Per rate-limited endpoint: when its last send went out, and the queue of sends waiting for their turn. */
const paced = new Map<string, { last: number; turn: Promise<void> }>();

/**
 * Spaces sends to an endpoint with a rate limit (the drain holding the endpoint's lock is its only sender). Each
 * send waits for the previous one to have gone out and then for the gap, measured when it really went out, so
 * timers that fire late cannot bunch sends together.
 */
function pacer(endpointId: string, perSecond: number | null): () => Promise<void> {
  if (!perSecond || perSecond <= 0) return () => Promise.resolve();
  const gap = 1000 / perSecond;
  return () => {
    const p = paced.get(endpointId) ?? { last: 0, turn: Promise.resolve() };
    paced.set(endpointId, p);
    const mine = p.turn.then(async () => {
      for (let wait = p.last + gap - Date.now(); wait > 0; wait = p.last + gap - Date.now()) await new Promise((r) => setTimeout(r, wait));
      p.last = Date.now();
    });
    p.turn = mine;
    return mine;
  };
}
