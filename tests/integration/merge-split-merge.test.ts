import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedRefund } from '../../connectors/types.js';
import { mergeBucketId } from '../../src/db/models/merge-bucket.model.js';
import { mergeFingerprint } from '../../src/domain/merge-plan.js';
import { ingestRefunds } from '../../src/services/ingest-refunds.js';
import { newMasterId } from '../../src/services/merge-split/merge-exec.js';
import { masterLinesOf, newMasterDoc } from '../../src/services/merge-split/master.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { importOrders, normalizedOrder } from '../helpers/orders.js';
import { qty, startWorld, type World } from './merge-split-fixtures.js';

let w: World;
const buyer = (n: number) => ({
  buyer: { platformBuyerId: `B-${n}`, name: `Buyer ${n}` },
  address: { name: `Buyer ${n}`, line1: `${n} Main St`, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
});
let nextBuyer = 1;

beforeAll(async () => {
  w = await startWorld({ MAIN: { A: 50, B: 50 } });
  expect((await w.call('PUT', '/v1/settings/merge-split', { merge: { enabled: true, windowMinutes: 120 } })).json().merge).toEqual({ enabled: true, scope: 'shop', windowMinutes: 120 });
});
afterAll(async () => w.hub.close());
afterEach(async () => expect(await w.drift()).toEqual([]));

describe('merge (合单) in the pipeline', () => {
  it('merges open orders of one buyer and address into a master; the master is allocated with every line, sourced', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const pa = normalizedOrder({ ...who, skus: [['A', 1]] });
    const pb = normalizedOrder({ ...who, skus: [['A', 2], ['B', 1]] });
    const [a, b] = await importOrders(ctx, w.shop, [pa, pb]);
    const r1 = await runPipeline(ctx, w.seller.id, [a!, b!]);
    expect(r1.allocated).toEqual([a]);
    expect(r1.merged).toEqual([b]);
    const oa = await w.order(a!);
    expect(oa).toMatchObject({ hubStatus: 'merged', reservations: [], stockState: 'released' });
    const masterId = oa.mergedInto!;
    expect((await w.order(b!)).mergedInto).toBe(masterId);
    expect(await w.reservedTotal()).toBe(0); // a's reservation went back when it was absorbed

    expect((await runPipeline(ctx, w.seller.id, [masterId])).allocated).toEqual([masterId]);
    const m = await w.order(masterId);
    expect(m.mergeSources!.sort()).toEqual([a, b].sort());
    expect(m.lines.map((l) => ({ sku: l.skuCode, q: l.quantity, src: `${l.source?.platformOrderId}/${l.source?.lineId}` })).sort((x, y) => x.src.localeCompare(y.src))).toEqual([
      { sku: 'A', q: 1, src: `${pa.platformOrderId}/${pa.lines[0]!.lineId}` },
      { sku: 'A', q: 2, src: `${pb.platformOrderId}/${pb.lines[0]!.lineId}` },
      { sku: 'B', q: 1, src: `${pb.platformOrderId}/${pb.lines[1]!.lineId}` },
    ].sort((x, y) => x.src.localeCompare(y.src)));
    expect(m.amounts.total).toBe('20.00');
    expect(await w.reservedTotal()).toBe(4);
    expect(m.lastRun?.entries.some((e) => e.step === 'merge')).toBe(true);

    // A third order of the same buyer joins the allocated master, which goes through the pipeline again.
    const [c] = await importOrders(ctx, w.shop, [normalizedOrder({ ...who, skus: [['B', 3]] })]);
    expect((await runPipeline(ctx, w.seller.id, [c!])).merged).toEqual([c]);
    expect(await w.order(masterId)).toMatchObject({ hubStatus: 'pending', reservations: [] });
    expect(await w.reservedTotal()).toBe(0);
    await runPipeline(ctx, w.seller.id, [masterId]);
    const m2 = await w.order(masterId);
    expect(m2.hubStatus).toBe('allocated');
    expect(qty(m2)).toBe(7);
    expect(await w.reservedTotal()).toBe(7);
    await w.call('POST', `/v1/orders/${masterId}/cancel`, { reason: 'cleanup' });
  });

  it('honours do-not-merge, other addresses and the window', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const late = new Date('2026-01-01T13:00:00Z');
    const [a, b, c, d] = await importOrders(ctx, w.shop, [
      normalizedOrder({ ...who, skus: [['A', 1]] }),
      normalizedOrder({ ...who, skus: [['A', 1]] }),
      normalizedOrder({ ...buyer(nextBuyer++), skus: [['A', 1]] }),
      normalizedOrder({ ...who, skus: [['A', 1]], platformCreatedAt: late, platformUpdatedAt: late }),
    ]);
    expect((await w.call('PUT', `/v1/orders/${b}/do-not-merge`, { doNotMerge: true })).json()).toEqual({ orderId: b, doNotMerge: true });
    const r = await runPipeline(ctx, w.seller.id, [a!, b!, c!, d!]);
    expect(r.allocated).toEqual([a, b, c, d]);
    expect(r.merged).toEqual([]);
    for (const id of [a, b, c, d]) await w.call('POST', `/v1/orders/${id}/cancel`, { reason: 'cleanup' });
  });

  it('a refund on an absorbed order un-merges it: its lines leave the master, which is re-run; the original is cancelled', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const pa = normalizedOrder({ ...who, skus: [['A', 2]] });
    const pb = normalizedOrder({ ...who, skus: [['B', 1]] });
    const [a, b] = await importOrders(ctx, w.shop, [pa, pb]);
    await runPipeline(ctx, w.seller.id, [a!, b!]);
    const masterId = (await w.order(a!)).mergedInto!;
    await runPipeline(ctx, w.seller.id, [masterId]);
    expect(await w.reservedTotal()).toBe(3);

    const refund: NormalizedRefund = { platformRefundId: 'R-1', platformOrderId: pa.platformOrderId, state: 'succeeded', platformUpdatedAt: new Date() };
    await ingestRefunds(ctx, w.shop, [refund]);
    expect(await w.order(a!)).toMatchObject({ hubStatus: 'cancelled', mergedInto: null });
    const m = await w.order(masterId);
    expect(m).toMatchObject({ hubStatus: 'pending', mergeSources: [b] });
    expect(m.lines.map((l) => l.source?.orderId)).toEqual([b]);
    expect(await w.reservedTotal()).toBe(0);
    await runPipeline(ctx, w.seller.id, [masterId]);
    expect(await w.order(masterId)).toMatchObject({ hubStatus: 'allocated' });
    expect(await w.reservedTotal()).toBe(1);
    await w.call('POST', `/v1/orders/${masterId}/cancel`, { reason: 'cleanup' });
  });

  it('merges by hand (outside the window) and refuses orders of another address', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const [a, b, other] = await importOrders(ctx, w.shop, [
      normalizedOrder({ ...who, skus: [['A', 1]] }),
      normalizedOrder({ ...who, skus: [['B', 1]], platformCreatedAt: new Date('2026-02-01T00:00:00Z'), platformUpdatedAt: new Date('2026-02-01T00:00:00Z') }),
      normalizedOrder({ ...buyer(nextBuyer++), skus: [['B', 1]] }),
    ]);
    const refused = await w.call('POST', '/v1/orders/merge', { orderIds: [a, other] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.problems).toEqual([{ orderId: other, reason: 'different buyer or address' }]);
    const res = await w.call('POST', '/v1/orders/merge', { orderIds: [a, b] });
    expect(res.statusCode).toBe(201);
    const { masterId, absorbed } = res.json();
    expect(absorbed).toEqual([a, b]);
    expect((await runPipeline(ctx, w.seller.id, [masterId])).allocated).toEqual([masterId]);
    expect((await w.order(a!)).timeline.at(-1)).toMatchObject({ type: 'merged', by: `api:${w.seller.id}` });
    for (const id of [masterId, other]) await w.call('POST', `/v1/orders/${id}/cancel`, { reason: 'cleanup' });
  });

  it('concurrent pipeline runs over one buyer\'s orders: every line is allocated exactly once', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const po = Array.from({ length: 8 }, (_, i) => normalizedOrder({ ...who, skus: [[i % 2 ? 'A' : 'B', 1 + (i % 3)]] }));
    const ids = await importOrders(ctx, w.shop, po);
    await Promise.all(ids.map((id) => runPipeline(ctx, w.seller.id, [id])));
    // Masters made meanwhile run until nothing is pending.
    for (let round = 0; round < 5; round++) {
      const pending = await ctx.models.Order.find({ sellerId: w.seller.id, hubStatus: 'pending' }, { _id: 1 }).lean();
      if (pending.length === 0) break;
      await Promise.all(pending.map((p) => runPipeline(ctx, w.seller.id, [p._id])));
    }
    const all = await ctx.models.Order.find({ sellerId: w.seller.id, hubStatus: { $in: ['allocated', 'merged', 'pending', 'on_hold'] } }).lean();
    const live = all.filter((o) => o.hubStatus === 'allocated');
    expect(all.filter((o) => o.hubStatus === 'merged').length).toBeGreaterThan(0);
    expect(all.filter((o) => o.hubStatus === 'pending' || o.hubStatus === 'on_hold')).toEqual([]);
    // Each original ships once: allocated itself, or merged into exactly one allocated master that carries its lines.
    const carried = new Map<string, number>();
    for (const o of live) for (const l of o.lines) carried.set(l.source?.orderId ?? o._id, (carried.get(l.source?.orderId ?? o._id) ?? 0) + l.quantity);
    for (const [i, id] of ids.entries()) expect(carried.get(id!)).toBe(po[i]!.lines[0]!.quantity);
    expect(await w.reservedTotal()).toBe(po.reduce((a, o) => a + o.lines[0]!.quantity, 0));
    for (const o of live) await w.call('POST', `/v1/orders/${o._id}/cancel`, { reason: 'cleanup' });
  });

  it('a merge that crashed after writing the master converges: the originals join it once, lines never doubled', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const [a, b] = await importOrders(ctx, w.shop, [normalizedOrder({ ...who, skus: [['A', 1]] }), normalizedOrder({ ...who, skus: [['B', 2]] })]);
    const [oa, ob] = [await w.order(a!), await w.order(b!)];
    // State left by a crash: the bucket lists the master, the master carries both orders' lines, both still pending.
    const masterId = newMasterId(oa);
    await ctx.models.Order.collection.insertOne(newMasterDoc(masterId, oa, [oa, ob], [...masterLinesOf(oa), ...masterLinesOf(ob)], new Date(), 'pipeline') as never);
    await ctx.models.MergeBucket.create({ _id: mergeBucketId(w.seller.id, mergeFingerprint(oa)!), sellerId: w.seller.id, orderIds: [a!, b!, masterId].sort() });
    expect((await runPipeline(ctx, w.seller.id, [a!, b!])).merged).toEqual([a]);
    expect((await w.order(b!)).mergedInto).toBe(masterId);
    expect((await runPipeline(ctx, w.seller.id, [masterId])).allocated).toEqual([masterId]);
    expect(qty(await w.order(masterId))).toBe(3);
    expect(await w.reservedTotal()).toBe(3);
    await w.call('POST', `/v1/orders/${masterId}/cancel`, { reason: 'cleanup' });
  });

  it('a master carrying lines of an original that never got merged into it drops them before allocation', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const [a, b] = await importOrders(ctx, w.shop, [normalizedOrder({ ...who, skus: [['A', 1]] }), normalizedOrder({ ...who, skus: [['B', 2]] })]);
    const [oa, ob] = [await w.order(a!), await w.order(b!)];
    const masterId = newMasterId(oa);
    await ctx.models.Order.collection.insertOne(newMasterDoc(masterId, oa, [oa, ob], [...masterLinesOf(oa), ...masterLinesOf(ob)], new Date(), 'pipeline') as never);
    await ctx.models.Order.updateOne({ _id: a }, { $set: { hubStatus: 'merged', mergedInto: masterId } });
    await w.call('POST', `/v1/orders/${b}/cancel`, { reason: 'buyer changed their mind before the merge finished' });
    expect((await runPipeline(ctx, w.seller.id, [masterId])).allocated).toEqual([masterId]);
    const m = await w.order(masterId);
    expect(m.lines.map((l) => l.source?.orderId)).toEqual([a]);
    expect(m.lastRun?.entries.find((e) => e.step === 'merge')?.detail).toContain(`dropped lines of ${b}`);
    expect(await w.reservedTotal()).toBe(1);
    await w.call('POST', `/v1/orders/${masterId}/cancel`, { reason: 'cleanup' });
  });

  it('too late to un-merge (master picking): the refund intercepts the master instead', async () => {
    const ctx = w.hub.rt.ctx;
    const who = buyer(nextBuyer++);
    const pa = normalizedOrder({ ...who, skus: [['A', 1]] });
    const [a, b] = await importOrders(ctx, w.shop, [pa, normalizedOrder({ ...who, skus: [['B', 1]] })]);
    await runPipeline(ctx, w.seller.id, [a!, b!]);
    const masterId = (await w.order(a!)).mergedInto!;
    await runPipeline(ctx, w.seller.id, [masterId]);
    expect((await w.call('POST', `/v1/orders/${masterId}/pick`, { waybillNumber: 'WB-MERGED-1' })).json().hubStatus).toBe('picking');
    await ingestRefunds(ctx, w.shop, [{ platformRefundId: 'R-late', platformOrderId: pa.platformOrderId, state: 'succeeded', platformUpdatedAt: new Date() }]);
    expect((await w.order(a!)).hubStatus).toBe('merged');
    const m = await w.order(masterId);
    expect(m).toMatchObject({ hubStatus: 'on_hold', holds: [{ code: 'INTERCEPTED' }] });
    expect(m.lines.find((l) => l.source?.orderId === a)?.refundedQuantity).toBe(1);
    expect(m.lines.find((l) => l.source?.orderId === b)?.refundedQuantity).toBe(0);
  });
});
