import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../src/services/maintenance.service.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';

/** Holds that clear by themselves (hold-until): the sweeper puts the order back into the pipeline when the time comes. */
let hub: TestHub;
let clock = new Date('2026-06-01T08:00:00Z');
const at = (minutes: number) => new Date(new Date('2026-06-01T08:00:00Z').getTime() + minutes * 60_000);

beforeAll(async () => {
  hub = await startTestHub();
  Object.assign(hub.rt.ctx, { now: () => clock });
});
afterAll(async () => hub.close());

describe('auto-clearing holds', () => {
  it('a hold-until order stays held before its time and is released and allocated after it', async () => {
    const ctx = hub.rt.ctx;
    const seller = await hub.newSeller('Until');
    const call = (url: string, payload: object) => hub.app.inject({ method: 'POST', url, headers: seller.auth, payload });
    await call('/v1/warehouses', { code: 'W', name: 'W' });
    await call('/v1/couriers', { code: 'SF', name: 'SF', isDefault: true });
    await call('/v1/skus', { code: 'SKU-A', name: 'A' });
    await call('/v1/stock/adjustments', { warehouseCode: 'W', skuCode: 'SKU-A', mode: 'set', quantity: 5, reason: 'open', idempotencyKey: 'o' });
    expect((await call('/v1/rules', { kind: 'hold_until', name: 'Campaign starts', params: { until: at(60).toISOString() } })).statusCode).toBe(201);
    const shop = await insertShop(ctx, seller.id, 'shop_until');
    const [id] = await importOrders(ctx, shop, [normalizedOrder()]);
    await runPipeline(ctx, seller.id, [id!]);
    expect(await ctx.models.Order.findById(id).lean()).toMatchObject({ hubStatus: 'on_hold', holds: [{ code: 'HOLD_UNTIL' }], recheckAt: at(60) });

    clock = at(30);
    expect((await sweep(ctx)).autoReleased).toBe(0);
    clock = at(61);
    expect((await sweep(ctx)).autoReleased).toBe(1);
    expect((await ctx.models.Order.findById(id).lean())!.hubStatus).toBe('pending');
    expect((await runPipeline(ctx, seller.id, [id!])).allocated).toEqual([id]);
    const timeline = (await ctx.models.Order.findById(id).lean())!.timeline.map((t) => `${t.type}:${t.by}`);
    expect(timeline).toContain('released:sweeper');
  });
});
