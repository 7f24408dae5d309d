import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueNames, type JobPayloads, type QueueName } from './queues.js';

/** The port services use to schedule work. */
export interface JobSink {
  add<N extends QueueName>(queue: N, data: JobPayloads[N], opts: JobsOptions & { jobId: string }): Promise<void>;
}

export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

/** One BullMQ queue per job kind, sharing a connection and a key prefix. */
export class BullJobSink implements JobSink {
  readonly queues: { [N in QueueName]: Queue<JobPayloads[N]> };

  constructor(connection: Redis, prefix: string) {
    const make = <N extends QueueName>(name: N) =>
      new Queue<JobPayloads[N]>(name, { connection, prefix, defaultJobOptions });
    this.queues = {
      import: make(queueNames.import),
      pipeline: make(queueNames.pipeline),
      outbound: make(queueNames.outbound),
      maintenance: make(queueNames.maintenance),
      webhooks: make(queueNames.webhooks),
    };
  }

  async add<N extends QueueName>(queue: N, data: JobPayloads[N], opts: JobsOptions & { jobId: string }): Promise<void> {
    // BullMQ refuses custom ids with ':' (its key separator), so ids are made safe here, in one place.
    await (this.queues[queue] as Queue).add(queue, data, { ...opts, jobId: safeJobId(opts.jobId) });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}

export const safeJobId = (id: string) => id.replaceAll(':', '~');
