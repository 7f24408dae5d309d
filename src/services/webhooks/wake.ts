import type { Ctx } from '../../context.js';

export const dirtyEndpointsKey = (prefix: string) => `${prefix}:webhooks:dirty`;

/**
 * Asks for a drain of the endpoint's queue: marks it dirty (the relay's tick re-enqueues dirty endpoints, so a
 * wake-up that raced with a finishing drain is not lost) and adds a drain job. `delayMs` schedules a retry.
 */
export async function wakeEndpoint(ctx: Ctx, endpointId: string, delayMs = 0): Promise<void> {
  if (delayMs <= 0) await ctx.redis.sadd(dirtyEndpointsKey(ctx.config.QUEUE_PREFIX), endpointId);
  const at = ctx.now().getTime() + Math.max(0, delayMs);
  // One job per endpoint and 50 ms slot (retries: per due time), so a burst of wake-ups is one drain.
  const slot = delayMs > 0 ? `at-${at}` : `s-${Math.floor(at / 50)}`;
  await ctx.jobs.add('webhooks', { kind: 'drain', endpointId }, { jobId: `wh-drain:${endpointId}:${slot}`, delay: Math.max(0, delayMs), removeOnComplete: true, removeOnFail: { age: 3_600 }, attempts: 3 });
}

export async function wakeEndpoints(ctx: Ctx, endpointIds: Iterable<string>): Promise<void> {
  for (const id of new Set(endpointIds)) await wakeEndpoint(ctx, id);
}
