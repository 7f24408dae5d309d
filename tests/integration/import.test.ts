import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../connectors/errors.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { runImport } from '../../src/services/import.service.js';
import { scheduleSyncs } from '../../src/services/maintenance.service.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { insertShop, normalizedOrder } from '../helpers/orders.js';

let hub: TestHub;
let platform: FakePlatform;
let shop: ShopDoc;
let sellerId: string;
const T0 = new Date('2026-03-01T10:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
let clock = at(60);

beforeAll(async () => {
  hub = await startTestHub();
  platform = new FakePlatform();
  Object.assign(hub.rt.ctx, { connectorFor: () => platform, now: () => clock });
  const s = await hub.newSeller();
  sellerId = s.id;
  const ctx = hub.rt.ctx;
  await ctx.models.Warehouse.create({ _id: 'wh1', sellerId, code: 'W1', name: 'W1', priority: 1 });
  await ctx.models.Sku.create({ _id: 'skuA', sellerId, code: 'SKU-A', name: 'A' });
  await ctx.models.Courier.create({ _id: 'c1', sellerId, code: 'UPS', name: 'UPS', isDefault: true });
  await hub.app.inject({ method: 'POST', url: '/v1/stock/adjustments', headers: s.auth, payload: { warehouseCode: 'W1', skuCode: 'SKU-A', mode: 'delta', quantity: 10, reason: 'seed', idempotencyKey: 'seed' } });
});
afterAll(async () => hub.close());
beforeEach(async () => {
  platform.orders.clear();
  platform.refunds = [];
  platform.calls.length = 0;
  await hub.rt.ctx.models.Order.deleteMany({ shopId: { $regex: '^shop_imp' } });
});

const importNow = (shopId = shop._id) => runImport(hub.rt.ctx, { shopId, reason: 'manual' });
const orderFor = (pid: string) => hub.rt.ctx.models.Order.findOne({ shopId: shop._id, platformOrderId: pid }).lean();

describe('import', () => {
  it('pulls every page once and creates no duplicates on a second pull', async () => {
    shop = await insertShop(hub.rt.ctx, sellerId, 'shop_imp1');
    for (let i = 0; i < 5; i++) platform.upsert(normalizedOrder({ platformOrderId: `A${i}`, platformUpdatedAt: at(i) }));
    const first = await importNow();
    expect(first).toMatchObject({ outcome: 'done', created: 5, pages: 3 });
    clock = at(61);
    const second = await importNow();
    expect(second).toMatchObject({ created: 0, updated: 0 });
    expect(await hub.rt.ctx.models.Order.countDocuments({ shopId: shop._id })).toBe(5);
  });

  it('applies a newer platform version and cancels an order cancelled on the platform', async () => {
    shop = await insertShop(hub.rt.ctx, sellerId, 'shop_imp2');
    platform.upsert(normalizedOrder({ platformOrderId: 'B1', platformUpdatedAt: at(1) }));
    await importNow();
    const o = await orderFor('B1');
    await runPipeline(hub.rt.ctx, sellerId, [o!._id]);
    expect((await orderFor('B1'))!.hubStatus).toBe('allocated');
    platform.upsert(normalizedOrder({ platformOrderId: 'B1', platformUpdatedAt: at(62), state: 'cancelled', platformStatus: 'cancelled' }));
    clock = at(63);
    expect(await importNow()).toMatchObject({ updated: 1 });
    const after = await orderFor('B1');
    expect(after).toMatchObject({ hubStatus: 'cancelled', platformStatus: 'cancelled', stockState: 'released' });
    expect(await reconcileStock(hub.rt.ctx.models, sellerId)).toEqual([]);
  });

  it('resumes a window from its saved cursor after a failure mid-pull', async () => {
    shop = await insertShop(hub.rt.ctx, sellerId, 'shop_imp3');
    for (let i = 0; i < 6; i++) platform.upsert(normalizedOrder({ platformOrderId: `C${i}`, platformUpdatedAt: at(i) }));
    platform.failOn = { call: 2, error: new ConnectorError('transient', 'HTTP 503') };
    await expect(importNow()).rejects.toThrow('HTTP 503');
    const saved = (await hub.rt.ctx.models.Shop.findById(shop._id).lean())!.sync;
    expect(saved.inProgress).toMatchObject({ cursor: '2', kind: 'orders' });
    expect(saved.syncedUntil ?? null).toBeNull();
    platform.calls.length = 0;
    expect(await importNow()).toMatchObject({ created: 4 });
    expect(platform.calls[0]).toEqual({ op: 'pullOrders', cursor: '2' });
    const done = (await hub.rt.ctx.models.Shop.findById(shop._id).lean())!.sync;
    expect(done.inProgress).toBeNull();
    expect(done.syncedUntil).toBeInstanceOf(Date);
    expect(await hub.rt.ctx.models.Order.countDocuments({ shopId: shop._id })).toBe(6);
  });

  it('stops a shop whose credentials are refused, and scheduling skips it', async () => {
    shop = await insertShop(hub.rt.ctx, sellerId, 'shop_imp4');
    platform.failOn = { call: 1, error: new ConnectorError('auth', 'HTTP 401 invalid token') };
    expect(await importNow()).toMatchObject({ outcome: 'needs_reauth' });
    const s = (await hub.rt.ctx.models.Shop.findById(shop._id).lean())!;
    expect(s).toMatchObject({ status: 'needs_reauth', statusReason: "the platform refused the shop's credentials; re-authorise the shop" });
    const queued = await hub.rt.redis.keys(`${hub.config.QUEUE_PREFIX}:import:*shop_imp4*`);
    await scheduleSyncs(hub.rt.ctx, 60);
    expect(await hub.rt.redis.keys(`${hub.config.QUEUE_PREFIX}:import:*shop_imp4*`)).toEqual(queued);
  });

  it('a shop whose syncs keep failing backs off: each failure doubles the wait of its scheduled syncs, a success resets it', async () => {
    shop = await insertShop(hub.rt.ctx, sellerId, 'shop_imp_backoff');
    const queuedAt = async (t: Date) => {
      clock = t;
      const before = (await hub.rt.redis.keys(`${hub.config.QUEUE_PREFIX}:import:*shop_imp_backoff*`)).length;
      await scheduleSyncs(hub.rt.ctx, 60);
      return (await hub.rt.redis.keys(`${hub.config.QUEUE_PREFIX}:import:*shop_imp_backoff*`)).length > before;
    };
    clock = at(1000);
    for (let i = 1; i <= 3; i++) {
      platform.failOn = { call: platform.calls.filter((c) => c.op === 'pullOrders').length + 1, error: new ConnectorError('transient', 'HTTP 503') };
      await expect(importNow()).rejects.toThrow();
    }
    const s = (await hub.rt.ctx.models.Shop.findById(shop._id).lean())!;
    expect(s.sync).toMatchObject({ failures: 3 });
    // Three failures in a row: the next scheduled sync waits 4 intervals (4 minutes) from the last failure.
    expect(await queuedAt(at(1002))).toBe(false);
    expect(await queuedAt(at(1003.9))).toBe(false);
    expect(await queuedAt(at(1004.1))).toBe(true);
    // A successful sync resets the count: the shop is scheduled every interval again.
    platform.failOn = undefined;
    clock = at(1300);
    await importNow();
    expect((await hub.rt.ctx.models.Shop.findById(shop._id).lean())!.sync).toMatchObject({ failures: 0 });
    expect(await queuedAt(at(1301.1))).toBe(true);
  });

  it('a refund before shipping cancels the order and releases its stock; a partial one re-allocates', async () => {
    shop = await insertShop(hub.rt.ctx, sellerId, 'shop_imp5');
    platform.upsert(normalizedOrder({ platformOrderId: 'D1', platformUpdatedAt: at(1), skus: [['SKU-A', 3]] }));
    platform.upsert(normalizedOrder({ platformOrderId: 'D2', platformUpdatedAt: at(2), skus: [['SKU-A', 2], ['SKU-A', 1]] }));
    clock = at(70);
    await importNow();
    const [d1, d2] = [await orderFor('D1'), await orderFor('D2')];
    await runPipeline(hub.rt.ctx, sellerId, [d1!._id, d2!._id]);
    const level = () => hub.rt.ctx.models.StockLevel.findOne({ sellerId, skuCode: 'SKU-A' }).lean();
    const reservedBefore = (await level())!.reserved;
    platform.refunds.push({ platformRefundId: 'R1', platformOrderId: 'D1', state: 'succeeded', platformUpdatedAt: at(71) });
    platform.refunds.push({ platformRefundId: 'R2', platformOrderId: 'D2', state: 'succeeded', lines: [{ lineId: d2!.lines[0]!.lineId, quantity: 2 }], platformUpdatedAt: at(71) });
    clock = at(72);
    expect(await importNow()).toMatchObject({ refunds: 2 });
    expect((await orderFor('D1'))!.hubStatus).toBe('cancelled');
    const d2After = (await orderFor('D2'))!;
    expect(d2After.hubStatus).toBe('pending');
    expect(d2After.lines.map((l) => l.refundedQuantity)).toEqual([2, 0]);
    await runPipeline(hub.rt.ctx, sellerId, [d2!._id]);
    expect((await orderFor('D2'))!.reservations).toMatchObject([{ skuCode: 'SKU-A', quantity: 1 }]);
    expect((await level())!.reserved).toBe(reservedBefore - 3 - 3 + 1);
    clock = at(73);
    expect(await importNow()).toMatchObject({ refunds: 0 }); // the same refunds again change nothing
    expect(await reconcileStock(hub.rt.ctx.models, sellerId)).toEqual([]);
  });
});
