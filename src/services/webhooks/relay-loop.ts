import type { Ctx } from '../../context.js';
import { LockTimeoutError } from '../../locks.js';
import { newRelayMemory, relayTick } from './relay.js';
import type { WebhookSettings } from './settings.js';

/** How often a relay with no endpoint to serve looks for one. */
const IDLE_MS = 5_000;

export interface RelayLoop {
  stop(): Promise<void>;
}

/**
 * Runs the relay in a worker process: every process tries for the relay lock; the holder ticks every pollMs
 * until it stops (or dies: its lock lapses within a few seconds and another process takes over, re-reading
 * the look-back window from the cursor in the store).
 */
export function startRelayLoop(ctx: Ctx, settings: Pick<WebhookSettings, 'pollMs' | 'lookbackMs'>): RelayLoop {
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) => new Promise<void>((r) => {
    const t = setTimeout(() => { wake = null; r(); }, ms);
    wake = () => { clearTimeout(t); wake = null; r(); };
  });
  const hold = async () => {
    const mem = newRelayMemory();
    ctx.log.debug({ pid: process.pid }, 'webhook relay started');
    while (!stopped) {
      let idle = false;
      try {
        idle = (await relayTick(ctx, mem, { lookbackMs: settings.lookbackMs })).idle;
      } catch (err) {
        ctx.log.error({ err }, 'webhook relay tick failed');
      }
      // No endpoint anywhere: look again in a few seconds instead of loading the store every tick.
      await sleep(idle ? Math.max(settings.pollMs, IDLE_MS) : settings.pollMs);
    }
  };
  const running = (async () => {
    while (!stopped) {
      try {
        await ctx.locks.withLock('webhooks:relay', hold, { ttlMs: 3_000, waitMs: 0 });
      } catch (err) {
        if (!(err instanceof LockTimeoutError)) ctx.log.error({ err }, 'webhook relay failed');
      }
      if (!stopped) await sleep(Math.max(settings.pollMs, 1_000));
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await running;
    },
  };
}
