import { createServer, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { readinessProbe } from '../../src/probe.js';
import { pushStock } from '../../src/services/stock-push.service.js';
import { spawnWorker, stopWorker } from '../helpers/worker-process.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { ADMIN_TOKEN, eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { sandboxSeller } from '../helpers/sandbox-shop.js';

let hub: TestHub;
let sandbox: Sandbox;
let app: FastifyInstance;
let sellerId: string;
let shopId: string;

beforeAll(async () => {
  hub = await startTestHub({ workers: true });
  const world = await sandboxSeller(hub, { name: 'Metrics', apiKey: 'sandbox-key-metrics-01', webhookSecret: 'sandbox-secret-metrics-01', sku: 'TEE', stock: 2 });
  ({ sandbox, shopId } = world);
  sellerId = world.seller.id;
  app = await buildServer({ ctx: hub.rt.ctx, adminToken: ADMIN_TOKEN, probe: readinessProbe(hub.rt), metrics: hub.rt.metrics() });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hub?.close();
  await sandbox?.app.close();
});

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
};

describe('GET /metrics (Prometheus, admin token)', () => {
  it('scrapes queues, job latencies, orders by status, holds by reason, platform calls and 429s, webhooks, pending stock pushes', async () => {
    for (let i = 0; i < 3; i++) sandbox.store.createOrder({ lines: [{ sku: 'TEE', quantity: 1 }] });
    sandbox.injectFault({ pathPrefix: '/', status: 429, count: 1, retryAfterSeconds: 0 });
    await hub.rt.ctx.jobs.add('import', { shopId, reason: 'manual' }, { jobId: `metrics-import-${shopId}` });
    await eventually(async () => ((await hub.rt.ctx.models.Order.countDocuments({ sellerId, hubStatus: { $in: ['allocated', 'on_hold'] } })) === 3 ? true : undefined), 'orders decided', 60_000);
    // An order is written before its pipeline job is recorded as completed: wait for the record, not only the write.
    await eventually(async () => ((await hub.rt.sink.queues.pipeline.getJobCounts('completed')).completed! >= 1 ? true : undefined), 'pipeline job completed', 60_000);

    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { 'x-admin-token': 'wrong-token-0123456789' } })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { 'x-admin-token': ADMIN_TOKEN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(value(text, 'oms_orders{status="allocated"}')).toBe(2);
    expect(value(text, 'oms_orders{status="on_hold"}')).toBe(1);
    expect(value(text, 'oms_holds{reason="INSUFFICIENT_STOCK"}') ?? value(text, 'oms_holds{reason="OUT_OF_STOCK"}')).toBe(1);
    expect(value(text, 'oms_queue_jobs{queue="pipeline",state="waiting"}')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'oms_queue_jobs{queue="import",state="failed"}')).toBe(0);
    expect(value(text, 'oms_job_latency_seconds{queue="import",stat="p50"}')).toBeGreaterThan(0);
    expect(value(text, 'oms_job_duration_seconds_count{queue="pipeline",outcome="completed"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'oms_platform_calls_total{platform="sandbox"}')).toBeGreaterThanOrEqual(2);
    expect(value(text, 'oms_platform_rate_limited_total{platform="sandbox"}')).toBe(1);
    expect(value(text, 'oms_webhook_receipts')).toBe(0);
    expect(value(text, 'oms_stock_push_pending_skus')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'oms_webhook_queue')).toBe(0);
    expect(text).toContain('# TYPE oms_webhook_deliveries gauge');
  }, 120_000);

  it('reports the stock push lag as the age of the oldest change no push has taken, and 0 once pushed', async () => {
    const prefix = hub.rt.ctx.config.QUEUE_PREFIX;
    const scrape = async () => value((await app.inject({ method: 'GET', url: '/metrics', headers: { 'x-admin-token': ADMIN_TOKEN } })).body, 'oms_stock_push_lag_seconds');
    // A change marked 90 s ago and not yet pushed (as when the push keeps failing), for a seller of its own so
    // that no push of the other test's seller can take it meanwhile.
    const lagging = 'sel_metrics_lag';
    await hub.rt.ctx.redis.set(`${prefix}:stock-dirty-since:${lagging}`, String(Date.now() - 90_000));
    expect(await scrape()).toBeGreaterThanOrEqual(90);
    // The push takes the change set: the lag clock is cleared.
    await hub.rt.ctx.redis.sadd(`${prefix}:stock-dirty:${lagging}`, 'TEE');
    await pushStock(hub.rt.ctx, lagging);
    expect(await hub.rt.ctx.redis.exists(`${prefix}:stock-dirty-since:${lagging}`)).toBe(0);
    expect(await scrape()).toBeLessThan(90);
  }, 60_000);

  it('a worker process serves its own counters on WORKER_METRICS_PORT, behind the admin token', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const child = spawnWorker(hub.config, { WORKER_METRICS_PORT: String(port) });
    try {
      const url = `http://127.0.0.1:${port}/metrics`;
      const res = await eventually(async () => {
        const r = await fetch(url, { headers: { 'x-admin-token': ADMIN_TOKEN } }).catch(() => undefined);
        return r?.status === 200 ? r : undefined;
      }, 'worker metrics answer', 60_000);
      const text = await res.text();
      expect(text).toContain('# TYPE oms_platform_calls_total counter');
      expect(text).toContain('# TYPE oms_job_duration_seconds histogram');
      expect((await fetch(url)).status).toBe(401);
    } finally {
      await stopWorker(child);
    }
  }, 90_000);
});
