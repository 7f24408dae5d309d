import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeJobId } from '../../src/jobs.js';
import type { ImportSummary } from '../../src/services/import.service.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { insertShop, normalizedOrder } from '../helpers/orders.js';

/** Issue 10 item 5: scheduled imports that find a long pull holding the shop's lock are coalesced, never failed. */
let hub: TestHub;
const platform = new FakePlatform();
const failures: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ workers: true });
  Object.assign(hub.rt.ctx, { connectorFor: () => platform });
  for (const w of hub.workers!.workers) w.on('failed', (job: Job | undefined, err: Error) => failures.push(`${job?.id}: ${err.message}`));
});
afterAll(async () => hub.close());

describe('import lock contention', () => {
  it('a long pull holds the lock; scheduled imports meanwhile complete as coalesced, zero failed jobs', async () => {
    const s = await hub.newSeller();
    const shop = await insertShop(hub.rt.ctx, s.id, 'shop_lock1');
    for (let i = 0; i < 3; i++) platform.upsert(normalizedOrder({ platformOrderId: `LK${i}`, platformUpdatedAt: new Date(Date.now() - 3_600_000) }));
    let release!: () => void;
    platform.gate = new Promise<void>((r) => (release = r));
    await hub.rt.ctx.jobs.add('import', { shopId: shop._id, reason: 'manual' }, { jobId: `import:${shop._id}:long` });
    await eventually(async () => (platform.calls.some((c) => c.op === 'pullOrders') ? true : undefined), 'the long pull to start', 60_000);
    const queue = hub.rt.sink.queues.import;
    const ids = Array.from({ length: 6 }, (_, i) => `import:${shop._id}:sched-${i}`);
    for (const [i, id] of ids.entries()) await hub.rt.ctx.jobs.add('import', { shopId: shop._id, reason: i % 2 ? 'webhook' : 'schedule' }, { jobId: id });
    const results = await eventually(async () => {
      const jobs = await Promise.all(ids.map((id) => queue.getJob(safeJobId(id))));
      const done = await Promise.all(jobs.map(async (j) => (j && (await j.isCompleted()) ? (j.returnvalue as ImportSummary) : undefined)));
      return done.every((d) => d !== undefined) ? done : undefined;
    }, 'the scheduled imports to finish while the long pull runs', 60_000);
    expect(results.map((r) => r!.outcome)).toEqual(Array(6).fill('busy'));
    release();
    platform.gate = undefined;
    const long = await eventually(async () => {
      const j = await queue.getJob(safeJobId(`import:${shop._id}:long`));
      return j && (await j.isCompleted()) ? (j.returnvalue as ImportSummary) : undefined;
    }, 'the long pull to finish', 60_000);
    expect(long).toMatchObject({ outcome: 'done', created: 3 });
    expect(await queue.getFailedCount()).toBe(0);
    expect(failures).toEqual([]);
  });
});
