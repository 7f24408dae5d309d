import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PullWindow } from '../../connectors/types.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { importJob, type ImportJob } from '../../src/queues.js';
import { reconcileCounts, settledPeriod } from '../../src/services/count-reconcile.service.js';
import { runImport } from '../../src/services/import.service.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { insertShop, normalizedOrder } from '../helpers/orders.js';

/** The in-memory platform, able to count the orders changed in a window (as Shopify's ordersCount or TOP's total_results do). */
class CountingPlatform extends FakePlatform {
  async countOrders(w: Omit<PullWindow, 'cursor'>): Promise<number> {
    return [...this.orders.values()].filter((o) => o.platformUpdatedAt >= w.since && o.platformUpdatedAt < w.until).length;
  }
}

let hub: TestHub;
let platform: CountingPlatform;
let shop: ShopDoc;
let auth: { authorization: string };
const T0 = new Date('2026-03-01T10:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
let clock = at(150);

beforeAll(async () => {
  hub = await startTestHub();
  Object.assign(hub.rt.ctx, { connectorFor: () => platform, now: () => clock });
  const s = await hub.newSeller();
  auth = s.auth;
  shop = await insertShop(hub.rt.ctx, s.id, 'shop_rec');
});
afterAll(async () => hub.close());
beforeEach(async () => {
  platform = new CountingPlatform();
  await hub.rt.sink.queues.import.obliterate({ force: true });
});

/** The import jobs waiting in the real queue. */
async function queuedImports(): Promise<ImportJob[]> {
  const jobs = await hub.rt.sink.queues.import.getJobs(['waiting', 'delayed', 'prioritized']);
  return jobs.map((j) => importJob.parse(j.data));
}

describe('count reconciliation', () => {
  it('picks the latest whole period that the platform has settled and the sync has pulled', () => {
    expect(settledPeriod(at(150), at(140), 60)).toEqual({ since: at(60), until: at(120) });
    expect(settledPeriod(at(121), at(200), 120)).toEqual({ since: at(0), until: at(60) }); // settle lag pushes it back
    expect(settledPeriod(at(150), undefined, 60)).toBeUndefined();
  });

  it('finds an order the pulls missed, re-pulls that period, then agrees', async () => {
    const ctx = hub.rt.ctx;
    for (const m of [65, 80]) platform.upsert(normalizedOrder({ platformOrderId: `R-${m}`, platformUpdatedAt: at(m) }));
    clock = at(125);
    await runImport(ctx, { shopId: shop._id, reason: 'manual' });
    // An order that changed inside the period but that the pull did not see (a webhook lost, an index lag).
    platform.upsert(normalizedOrder({ platformOrderId: 'R-missed', platformUpdatedAt: at(90) }));
    platform.upsert(normalizedOrder({ platformOrderId: 'R-later', platformUpdatedAt: at(121) })); // outside the period
    clock = at(150);
    expect(await reconcileCounts(ctx)).toEqual({ checked: 1, replays: 1 });
    const stored = (await ctx.models.Shop.findById(shop._id).lean<ShopDoc>())!;
    expect(stored.reconcile).toMatchObject({ since: at(60), until: at(120), platformCount: 3, hubCount: 2, replayQueued: true });
    const jobs = await queuedImports();
    expect(jobs).toEqual([{ shopId: shop._id, reason: 'replay', window: { since: at(60).toISOString(), until: at(120).toISOString() } }]);

    await runImport(ctx, jobs[0]!);
    expect(await ctx.models.Order.exists({ shopId: shop._id, platformOrderId: 'R-missed' })).toBeTruthy();
    expect(await ctx.models.Order.exists({ shopId: shop._id, platformOrderId: 'R-later' })).toBeFalsy(); // a replay pulls its window only
    expect((await ctx.models.Shop.findById(shop._id).lean<ShopDoc>())?.sync.syncedUntil).toEqual(stored.sync.syncedUntil);

    await hub.rt.sink.queues.import.obliterate({ force: true });
    expect(await reconcileCounts(ctx)).toEqual({ checked: 1, replays: 0 });
    expect(await queuedImports()).toEqual([]);
    // The same settled period is not counted again once it agreed.
    expect(await reconcileCounts(ctx)).toEqual({ checked: 0, replays: 0 });
  });

  it('skips connectors that cannot count', async () => {
    const plain = new FakePlatform();
    Object.assign(hub.rt.ctx, { connectorFor: () => plain });
    try {
      expect(await reconcileCounts(hub.rt.ctx)).toEqual({ checked: 0, replays: 0 });
    } finally {
      Object.assign(hub.rt.ctx, { connectorFor: () => platform });
    }
  });
});

describe('POST /v1/shops/:id/replay', () => {
  const replay = (payload: object, id = shop._id) => hub.app.inject({ method: 'POST', url: `/v1/shops/${id}/replay`, headers: auth, payload });

  it.each([
    { name: 'since after until', since: at(100), until: at(50), text: 'before' },
    { name: 'until in the future', since: at(100), until: at(10_000), text: 'future' },
    { name: 'more than 31 days', since: new Date(T0.getTime() - 32 * 86_400_000), until: at(0), text: '31 days' },
  ])('refuses $name', async ({ since, until, text }) => {
    clock = at(150);
    const res = await replay({ since: since.toISOString(), until: until.toISOString() });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(text);
    expect(await queuedImports()).toEqual([]);
  });

  it('refuses a malformed date and an unknown shop', async () => {
    expect((await replay({ since: 'yesterday', until: at(0).toISOString() })).statusCode).toBe(400);
    expect((await replay({ since: at(0).toISOString(), until: at(10).toISOString() }, 'shop_nope')).statusCode).toBe(404);
  });

  it('queues a re-pull of the period, which brings in what changed there', async () => {
    clock = at(150);
    platform.upsert(normalizedOrder({ platformOrderId: 'RP-1', platformUpdatedAt: at(30) }));
    const res = await replay({ since: at(20).toISOString(), until: at(40).toISOString() });
    expect(res.statusCode, res.body).toBe(202);
    const jobs = await queuedImports();
    expect(jobs).toEqual([{ shopId: shop._id, reason: 'replay', window: { since: at(20).toISOString(), until: at(40).toISOString() } }]);
    await runImport(hub.rt.ctx, jobs[0]!);
    expect(await hub.rt.ctx.models.Order.exists({ shopId: shop._id, platformOrderId: 'RP-1' })).toBeTruthy();
  });
});
