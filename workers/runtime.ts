import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import cron from 'node-cron';
import type { Ctx } from '../src/context.js';
import type { BullJobSink } from '../src/jobs.js';
import { queueNames, type QueueName } from '../src/queues.js';
import { jobDuration } from '../src/metrics.js';
import { failureCause } from './failure.js';
import { webhookSettings } from '../src/services/webhooks/settings.js';
import { startRelayLoop } from '../src/services/webhooks/relay-loop.js';
import { processorFor } from './processors.js';
import { settledWithin } from '../src/settle.js';

export interface WorkerRuntime {
  workers: Worker[];
  /** Stops taking jobs; waits up to `graceMs` for active ones. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts one BullMQ worker per queue, plus node-cron ticks that enqueue the periodic maintenance jobs
 * (one job per slot, by id, so N processes side by side schedule each tick once).
 */
export function startWorkers(
  ctx: Ctx,
  connection: Redis,
  sink: BullJobSink,
  opts: { prefix: string; concurrency: number; syncIntervalSeconds: number; sweepIntervalSeconds: number; queues?: QueueName[]; cron?: boolean },
): WorkerRuntime {
  const queues = opts.queues ?? (Object.values(queueNames) as QueueName[]);
  const workers = queues.map((q) => {
    const w = new Worker(q, processorFor(ctx, q, opts), {
      connection,
      prefix: opts.prefix,
      concurrency: q === 'import' ? Math.max(1, Math.floor(opts.concurrency / 2)) : q === 'webhooks' ? webhookSettings(ctx).concurrency : opts.concurrency,
      // Stalled jobs (a worker died mid-job) are picked up again by another worker.
      stalledInterval: 15_000,
      maxStalledCount: 5,
    });
    // One line per failure with its classified cause; a stack trace only for what no classification explains.
    w.on('completed', (job) => {
      if (job.finishedOn && job.processedOn) jobDuration.observe({ queue: q, outcome: 'completed' }, (job.finishedOn - job.processedOn) / 1000);
    });
    w.on('failed', (job, err) => {
      if (job?.finishedOn && job.processedOn) jobDuration.observe({ queue: q, outcome: 'failed' }, (job.finishedOn - job.processedOn) / 1000);
      const cause = failureCause(err);
      const where = { queue: q, jobId: job?.id, attempt: job?.attemptsMade, ...(job?.data && 'shopId' in job.data ? { shopId: job.data.shopId } : {}) };
      if (cause) ctx.log.warn({ ...where, cause }, 'job failed');
      else ctx.log.error({ ...where, err }, 'job failed');
    });
    let lastError = '';
    w.on('error', (err) => {
      // Repeats (e.g. every reconnection attempt while Redis is down) are logged once.
      if (err.message === lastError) return;
      lastError = err.message;
      ctx.log.error({ queue: q, cause: failureCause(err) ?? { kind: 'worker', message: err.message } }, 'worker error');
    });
    return w;
  });
  const tasks: { stop(): void | Promise<void> }[] = [];
  // The outgoing-webhook relay (events → endpoint queues) runs wherever the webhooks queue is worked.
  if (queues.includes('webhooks')) tasks.push(startRelayLoop(ctx, webhookSettings(ctx)));
  if (opts.cron !== false) {
    const tick = (kind: 'sweep' | 'schedule-syncs' | 'reconcile-counts' | 'reconcile-stock', everySeconds: number) => async () => {
      const slot = Math.floor(Date.now() / (everySeconds * 1000));
      await sink.add('maintenance', { kind }, { jobId: `${kind}:${slot}` }).catch((err: unknown) => ctx.log.error({ err }, 'could not enqueue maintenance'));
    };
    tasks.push(cron.schedule('*/5 * * * * *', tick('schedule-syncs', 5)));
    tasks.push(cron.schedule(`*/${Math.min(59, opts.sweepIntervalSeconds)} * * * * *`, tick('sweep', opts.sweepIntervalSeconds)));
    // Count reconciliation of the last settled hour, at 7 minutes past each quarter hour.
    tasks.push(cron.schedule('0 7,22,37,52 * * * *', tick('reconcile-counts', 900)));
    // Stock levels recomputed from the ledger, drift reported, at 3 minutes past each hour.
    tasks.push(cron.schedule('0 3 * * * *', tick('reconcile-stock', 3600)));
  }
  return {
    workers,
    async close(graceMs = 3_000) {
      for (const t of tasks) await t.stop();
      // Workers finish their active jobs within the grace period; what is still running then (a shop that hangs
      // or keeps failing) is abandoned: its job lock lapses and another worker picks it up as stalled (every
      // effect is idempotent). Shutdown therefore takes seconds, whatever the shops are doing.
      const finished = await settledWithin(graceMs, Promise.all(workers.map((w) => w.close())));
      if (!finished) {
        ctx.log.warn({ graceMs }, 'active jobs did not finish in time: left to be picked up as stalled');
        await settledWithin(1_000, Promise.all(workers.map((w) => w.close(true))));
      }
    },
  };
}
