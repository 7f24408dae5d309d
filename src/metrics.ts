import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ConnectorError } from '../connectors/errors.js';
import type { Connector, RateLimiter } from '../connectors/types.js';
import type { Models } from './db/models.js';
import type { BullJobSink } from './jobs.js';
import { queueNames, type QueueName } from './queues.js';

/**
 * Prometheus metrics (`GET /metrics`, admin token). Counters are per process (platform calls, 429s, errors,
 * job durations of the workers in this process); queue depths, recent job latencies, orders, holds, webhook
 * receipts and pending stock pushes are read from Redis and the store at scrape time, so any process shows them.
 */
const platformOf = (key: string) => key.split(':')[0] ?? 'unknown';
export const platformCalls = new Counter({ name: 'oms_platform_calls_total', help: 'Platform API calls (attempts), per platform', labelNames: ['platform'] });
export const platformRateLimited = new Counter({ name: 'oms_platform_rate_limited_total', help: 'Platform back-off signals (HTTP 429 and the like), per platform', labelNames: ['platform'] });
export const platformErrors = new Counter({ name: 'oms_platform_errors_total', help: 'Failed connector operations, per platform and error kind', labelNames: ['platform', 'kind'] });
export const jobDuration = new Histogram({
  name: 'oms_job_duration_seconds', help: 'Processing time of jobs run by this process, per queue and outcome',
  labelNames: ['queue', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

/** Counts every call and back-off signal that goes through the shared throttle (keys start with the platform). */
export function countingLimiter(inner: RateLimiter): RateLimiter {
  return {
    acquire: async (key, opts) => { await inner.acquire(key, opts); platformCalls.inc({ platform: platformOf(key) }); },
    pause: async (key, ms) => { platformRateLimited.inc({ platform: platformOf(key) }); await inner.pause(key, ms); },
    ...(inner.refund ? { refund: inner.refund.bind(inner) } : {}),
  };
}

/** Counts a connector's failed operations by classified kind. */
export function countingConnector(c: Connector): Connector {
  return new Proxy(c, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || prop === 'parseWebhook') return v;
      return (...args: unknown[]) => {
        const out: unknown = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (out instanceof Promise) {
          return out.catch((err: unknown) => {
            platformErrors.inc({ platform: target.platform, kind: err instanceof ConnectorError ? err.kind : 'other' });
            throw err;
          });
        }
        return out;
      };
    },
  });
}

export interface MetricsDeps {
  models: Models;
  sink: BullJobSink;
  redis: Pick<Redis, 'scan' | 'scard' | 'get'>;
  prefix: string;
}

/** A registry with this process's counters and the scrape-time gauges over Redis and the store. */
export function metricsRegistry(deps: MetricsDeps): Registry {
  const registry = new Registry();
  registry.registerMetric(platformCalls);
  registry.registerMetric(platformRateLimited);
  registry.registerMetric(platformErrors);
  registry.registerMetric(jobDuration);
  const queues = Object.values(queueNames) as QueueName[];
  new Gauge({
    name: 'oms_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers: [registry],
    async collect() {
      for (const q of queues) {
        const counts = await deps.sink.queues[q].getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: q, state }, n);
      }
    },
  });
  new Gauge({
    name: 'oms_job_latency_seconds', help: 'Enqueue-to-finish time of the last 100 completed jobs per queue (p50, p95, max)', labelNames: ['queue', 'stat'], registers: [registry],
    async collect() {
      for (const q of queues) {
        const jobs = await deps.sink.queues[q].getJobs(['completed'], 0, 99, false);
        const secs = jobs.filter((j) => j.finishedOn).map((j) => (j.finishedOn! - j.timestamp) / 1000).sort((a, b) => a - b);
        if (secs.length === 0) continue;
        const at = (p: number) => secs[Math.min(secs.length - 1, Math.floor(p * secs.length))]!;
        this.set({ queue: q, stat: 'p50' }, at(0.5));
        this.set({ queue: q, stat: 'p95' }, at(0.95));
        this.set({ queue: q, stat: 'max' }, secs.at(-1)!);
      }
    },
  });
  new Gauge({
    name: 'oms_orders', help: 'Orders per hub status (all sellers)', labelNames: ['status'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.models.Order.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$hubStatus', n: { $sum: 1 } } }]);
      for (const r of rows) this.set({ status: r._id }, r.n);
    },
  });
  new Gauge({
    name: 'oms_holds', help: 'Held orders per hold reason', labelNames: ['reason'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.models.Order.aggregate<{ _id: string; n: number }>([{ $match: { hubStatus: 'on_hold' } }, { $unwind: '$holds' }, { $group: { _id: '$holds.code', n: { $sum: 1 } } }]);
      for (const r of rows) this.set({ reason: r._id }, r.n);
    },
  });
  new Gauge({
    name: 'oms_webhook_receipts', help: 'Incoming platform webhook deliveries accepted (de-duplication receipts kept)', registers: [registry],
    async collect() { this.set(await deps.models.WebhookReceipt.countDocuments()); },
  });
  new Gauge({
    name: 'oms_stock_push_pending_skus', help: 'SKUs whose stock changed and is not yet pushed to the shops (push lag, in SKUs)', registers: [registry],
    async collect() {
      let cursor = '0';
      let total = 0;
      do {
        const [next, keys] = await deps.redis.scan(cursor, 'MATCH', `${deps.prefix}:stock-dirty:*`, 'COUNT', 200);
        cursor = next;
        for (const k of keys) total += await deps.redis.scard(k);
      } while (cursor !== '0');
      this.set(total);
    },
  });
  new Gauge({
    name: 'oms_stock_push_lag_seconds', help: 'Age of the oldest stock change not yet taken by a push to the shops (0: none waiting)', registers: [registry],
    async collect() {
      const now = Date.now();
      let oldest = now;
      let cursor = '0';
      do {
        const [next, keys] = await deps.redis.scan(cursor, 'MATCH', `${deps.prefix}:stock-dirty-since:*`, 'COUNT', 200);
        cursor = next;
        for (const k of keys) oldest = Math.min(oldest, Number((await deps.redis.get(k)) ?? now));
      } while (cursor !== '0');
      this.set((now - oldest) / 1000);
    },
  });
  new Gauge({
    name: 'oms_webhook_deliveries', help: 'Outgoing webhook delivery attempts kept in the delivery log, per outcome', labelNames: ['outcome'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.models.WebhookAttempt.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$outcome', n: { $sum: 1 } } }]);
      for (const r of rows) this.set({ outcome: r._id }, r.n);
    },
  });
  new Gauge({
    name: 'oms_webhook_queue', help: 'Outgoing webhook messages waiting for delivery (all endpoints)', registers: [registry],
    async collect() { this.set(await deps.models.WebhookQueue.countDocuments()); },
  });
  return registry;
}
