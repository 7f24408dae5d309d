import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, type Runtime } from '../../src/bootstrap.js';
import { createLogger } from '../../src/logger.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { updateSettings } from '../../src/services/merge-split/settings.js';
import { importOrders, normalizedOrder } from '../helpers/orders.js';
import { startWorld, type World } from './merge-split-fixtures.js';

let w: World;
let rt: Runtime;
let commands: string[] = [];

beforeAll(async () => {
  w = await startWorld({ A: { 'SKU-A': 100, 'SKU-B': 100 }, B: { 'SKU-A': 5 } });
  await updateSettings(w.hub.rt.ctx, w.seller.id, { merge: { enabled: true } });
  // A second runtime on the same store and Redis that counts the store commands it sends.
  rt = await bootstrap(w.hub.config, 'test', createLogger('silent'), { monitorCommands: true });
  rt.conn.getClient().on('commandStarted', (e) => commands.push(`${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`));
}, 120_000);
afterAll(async () => {
  await rt.close();
  await w.hub.close();
});

const buyerOrder = (i: number, skus: [string, number][]) => normalizedOrder({
  skus,
  buyer: { name: `Batch Buyer ${i}`, email: `bb${i}@example.com` },
  address: { name: `Batch Buyer ${i}`, line1: `${i} Batch Road`, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
});

describe('a pipeline batch', () => {
  it('decides 30 orders in a handful of store round trips, with every reservation, trace, timeline entry and event', async () => {
    const ids = await importOrders(w.hub.rt.ctx, w.shop, Array.from({ length: 30 }, (_, i) => buyerOrder(i, i % 3 ? [['SKU-A', 1], ['SKU-B', 2]] : [['SKU-A', 2]])));
    commands = [];
    const result = await runPipeline(rt.ctx, w.seller.id, ids);
    expect(result.allocated.sort()).toEqual([...ids].sort());
    // Twenty per order before batching; now a fixed handful for the whole batch.
    expect(commands.length).toBeLessThanOrEqual(45);
    expect(await w.reservedTotal()).toBe(20 * 3 + 10 * 2);
    expect(await w.drift()).toEqual([]);
    for (const id of ids) {
      const o = await w.order(id);
      expect(o).toMatchObject({ hubStatus: 'allocated', stockState: 'reserved', allocationSeq: 1 });
      expect(o.timeline.map((e) => e.type).slice(-2)).toEqual(['audited', 'allocated']);
      expect((o.stockKeys ?? []).sort()).toEqual(o.reservations.map((r) => r.key).sort());
      expect(o.lastRun?.entries.map((e) => e.step)).toContain('merge');
    }
    expect(await w.hub.rt.ctx.models.Event.countDocuments({ type: 'order.allocated', 'subject.id': { $in: ids } })).toBe(30);
    // A second run of the same batch finds nothing pending and changes nothing.
    expect((await runPipeline(rt.ctx, w.seller.id, ids)).skipped.sort()).toEqual([...ids].sort());
    expect(await w.reservedTotal()).toBe(80);
  });

  it('a repeat buyer in the same batch is merged as one by one would', async () => {
    const [a, b, c] = await importOrders(w.hub.rt.ctx, w.shop, [buyerOrder(100, [['SKU-A', 1]]), buyerOrder(100, [['SKU-B', 1]]), buyerOrder(101, [['SKU-A', 1]])]);
    const result = await runPipeline(rt.ctx, w.seller.id, [a!, b!, c!]);
    expect(result.allocated).toContain(c);
    expect(result.merged.length).toBeGreaterThan(0);
    const master = (await w.order(result.merged[0]!)).mergedInto!;
    expect((await runPipeline(rt.ctx, w.seller.id, [master])).allocated).toEqual([master]);
    expect(await w.drift()).toEqual([]);
  });
});
