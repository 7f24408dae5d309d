import { UnrecoverableError, type Job } from 'bullmq';
import { ConnectorError } from '../connectors/errors.js';
import type { Ctx } from '../src/context.js';
import { AppError } from '../src/errors.js';
import { importJob, maintenanceJob, outboundJob, pipelineJob, webhooksJob, type QueueName } from '../src/queues.js';
import { reconcileCounts } from '../src/services/count-reconcile.service.js';
import { runImport } from '../src/services/import.service.js';
import { scheduleSyncs, sweep } from '../src/services/maintenance.service.js';
import { pushShipment, pushStock } from '../src/services/outbound.service.js';
import { runPipeline } from '../src/services/pipeline.service.js';
import { reconcileAllStock } from '../src/services/stock-reconcile.js';
import { webhooksHandler } from '../src/services/webhooks/handler.js';

/**
 * Thin processors: parse the job, call a service. Expected outcomes are values; a non-retryable fault
 * becomes BullMQ's UnrecoverableError, anything else is rethrown for the queue's backoff.
 */
export function processorFor(ctx: Ctx, queue: QueueName, opts: { syncIntervalSeconds: number }) {
  const handlers: Record<QueueName, (job: Job) => Promise<unknown>> = {
    import: (job) => runImport(withJobLog(ctx, job), importJob.parse(job.data)),
    pipeline: (job) => {
      const data = pipelineJob.parse(job.data);
      return runPipeline(withJobLog(ctx, job), data.sellerId, data.orderIds);
    },
    outbound: (job) => {
      const data = outboundJob.parse(job.data);
      const c = withJobLog(ctx, job);
      return data.kind === 'push-shipment' ? pushShipment(c, data.orderId, data.shipmentId) : pushStock(c, data.sellerId);
    },
    maintenance: (job) => {
      const data = maintenanceJob.parse(job.data);
      const c = withJobLog(ctx, job);
      if (data.kind === 'reconcile-counts') return reconcileCounts(c);
      if (data.kind === 'reconcile-stock') return reconcileAllStock(c);
      return data.kind === 'sweep' ? sweep(c) : scheduleSyncs(c, opts.syncIntervalSeconds);
    },
    webhooks: webhooksProcessor(ctx),
  };
  return async (job: Job) => {
    try {
      const result = await handlers[queue](job);
      ctx.log.debug({ queue, jobId: job.id, result }, 'job done');
      return result;
    } catch (err) {
      if ((err instanceof ConnectorError || err instanceof AppError) && !err.retryable) {
        throw new UnrecoverableError(`${err.name}: ${err.message}`);
      }
      throw err;
    }
  };
}

function webhooksProcessor(ctx: Ctx): (job: Job) => Promise<unknown> {
  const handle = webhooksHandler(ctx);
  return (job) => handle(withJobLog(ctx, job), webhooksJob.parse(job.data));
}

function withJobLog(ctx: Ctx, job: Job): Ctx {
  return { ...ctx, log: ctx.log.child({ queue: job.queueName, jobId: job.id, attempt: job.attemptsMade + 1 }) };
}
