import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDoc } from '../../src/db/models/order.model.js';
import { childDoc } from '../../src/services/merge-split/children.js';
import { withOrder } from '../../src/services/order-writes.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { loadBatch } from '../../src/services/pipeline/batch.js';
import { weightSplitStep } from '../../src/services/pipeline/split-step.js';
import { importOrders, normalizedOrder } from '../helpers/orders.js';
import { qty, startWorld, type World } from './merge-split-fixtures.js';

let w: World;
const whId = async (code: string) => (await w.hub.rt.ctx.models.Warehouse.findOne({ sellerId: w.seller.id, code }).lean())!._id;
const cancel = async (ids: readonly string[]) => { for (const id of ids) await w.call('POST', `/v1/orders/${id}/cancel`, { reason: 'cleanup' }); };

beforeAll(async () => {
  w = await startWorld({ MAIN: { A: 2, B: 0, H: 10 }, EAST: { A: 0, B: 5, H: 0 } }, { H: 600 });
});
afterAll(async () => w.hub.close());
afterEach(async () => expect(await w.drift()).toEqual([]));

describe('split (拆单)', () => {
  it('no warehouse fills the order: one child per warehouse, each allocated where its stock is', async () => {
    const ctx = w.hub.rt.ctx;
    const po = normalizedOrder({ skus: [['A', 2], ['B', 1]] });
    const [p] = await importOrders(ctx, w.shop, [po]);
    expect((await runPipeline(ctx, w.seller.id, [p!])).split).toEqual([p]);
    const parent = await w.order(p!);
    expect(parent).toMatchObject({ hubStatus: 'split', children: [`${p}-1`, `${p}-2`] });
    expect(parent.timeline.at(-1)).toMatchObject({ type: 'split', by: 'pipeline' });
    const r = await runPipeline(ctx, w.seller.id, parent.children!);
    expect(r.allocated.sort()).toEqual([...parent.children!].sort());
    const kids = await Promise.all(parent.children!.map((id) => w.order(id)));
    expect(kids.map((k) => `${k.warehouseId}:${k.lines.map((l) => `${l.skuCode}×${l.quantity}`).join(',')}`).sort()).toEqual([
      `${await whId('EAST')}:B×1`, `${await whId('MAIN')}:A×2`,
    ].sort());
    for (const k of kids) {
      expect(k).toMatchObject({ splitFrom: p, doNotMerge: true });
      expect(k.lines.every((l) => l.source?.orderId === p && l.source?.platformOrderId === po.platformOrderId)).toBe(true);
    }
    expect(await w.reservedTotal()).toBe(3);
    // Partial shipment: one child ships while the other waits.
    await cancel(parent.children!);
  });

  it('presale lines go apart from in-stock lines; nothing fillable and no presale: held, not split', async () => {
    const ctx = w.hub.rt.ctx;
    const [p, q] = await importOrders(ctx, w.shop, [normalizedOrder({ skus: [['A', 1], ['B', 99]] }), normalizedOrder({ skus: [['B', 99]] })]);
    const o = await w.order(p!);
    await ctx.models.Order.updateOne({ _id: p }, { $set: { lines: o.lines.map((l, i) => (i === 1 ? { ...l, presale: true } : l)) } });
    const r = await runPipeline(ctx, w.seller.id, [p!, q!]);
    expect(r.split).toEqual([p]);
    expect(r.held).toEqual([q]);
    const kids = await Promise.all((await w.order(p!)).children!.map((id) => w.order(id)));
    expect(kids.map((k) => k.lines.map((l) => `${l.skuCode}×${l.quantity}${l.presale ? ' presale' : ''}`).join(','))).toEqual(['B×99 presale', 'A×1']);
    await runPipeline(ctx, w.seller.id, kids.map((k) => k._id));
    expect((await w.order(kids[1]!._id)).hubStatus).toBe('allocated');
    expect((await w.order(kids[0]!._id)).hubStatus).toBe('on_hold');
    await cancel([...kids.map((k) => k._id), q!]);
  });

  it('splits by hand with line quantities per parcel, refusing parcels that do not cover the order', async () => {
    const ctx = w.hub.rt.ctx;
    const po = normalizedOrder({ skus: [['H', 3], ['A', 1]] });
    const [p] = await importOrders(ctx, w.shop, [po]);
    expect((await runPipeline(ctx, w.seller.id, [p!])).allocated).toEqual([p]);
    expect(await w.reservedTotal()).toBe(4);
    const [h, a] = po.lines;
    const bad = await w.call('POST', `/v1/orders/${p}/split`, { parcels: [{ lines: [{ lineId: h!.lineId, quantity: 2 }] }, { lines: [{ lineId: a!.lineId, quantity: 1 }] }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.problems).toEqual([`line ${h!.lineId}: parcels carry 2, the order has 3 to ship`]);
    const res = await w.call('POST', `/v1/orders/${p}/split`, { parcels: [{ lines: [{ lineId: h!.lineId, quantity: 2 }] }, { lines: [{ lineId: h!.lineId, quantity: 1 }, { lineId: a!.lineId, quantity: 1 }] }] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ parentId: p, childIds: [`${p}-1`, `${p}-2`] });
    expect(await w.order(p!)).toMatchObject({ hubStatus: 'split', reservations: [], stockState: 'released' });
    expect(await w.reservedTotal()).toBe(0);
    const r = await runPipeline(ctx, w.seller.id, [`${p}-1`, `${p}-2`]);
    expect(r.allocated).toEqual([`${p}-1`, `${p}-2`]);
    expect(await w.reservedTotal()).toBe(4);
    expect((await w.call('POST', `/v1/orders/${p}/split`, res.json())).statusCode).toBe(400);
    await cancel(r.allocated);
  });

  it('an order over the parcel weight limit is split even when one warehouse fills it', async () => {
    const ctx = w.hub.rt.ctx;
    await w.call('PUT', '/v1/settings/merge-split', { split: { maxParcelWeight: 1300 } });
    const [p] = await importOrders(ctx, w.shop, [normalizedOrder({ skus: [['H', 5]] })]);
    const batch = await loadBatch(ctx, w.seller.id);
    const matrix = new Map([[await whId('MAIN'), new Map([['H', 10]])]]);
    const out = await withOrder(ctx, w.seller.id, p!, (o: OrderDoc) => weightSplitStep(ctx, batch, o, o.lines.map((l) => ({ ...l, skuCode: 'H' })), matrix));
    expect(out.kind).toBe('split');
    const kids = await Promise.all((await w.order(p!)).children!.map((id) => w.order(id)));
    expect(kids.map(qty)).toEqual([2, 2, 1]);
    await w.call('PUT', '/v1/settings/merge-split', { split: { maxParcelWeight: null } });
    await cancel(kids.map((k) => k._id));
  });

  it('a split that crashed after writing one child completes with the journaled parcels, without duplicates', async () => {
    const ctx = w.hub.rt.ctx;
    const [p] = await importOrders(ctx, w.shop, [normalizedOrder({ skus: [['A', 1], ['B', 1]] })]);
    const o = await w.order(p!);
    const parcels = [{ presale: false, lines: [{ lineId: o.lines[1]!.lineId, quantity: 1 }], why: 'journaled' }, { presale: false, lines: [{ lineId: o.lines[0]!.lineId, quantity: 1 }], why: 'journaled' }];
    // State left by a crash: parcels journaled, the first child written, the parent still pending.
    await ctx.models.Order.updateOne({ _id: p }, { $set: { splitPlan: { parcels } } });
    await ctx.models.Order.collection.insertOne(childDoc(o, o.lines.map((l) => ({ ...l, skuCode: l.platformSku })), parcels[0]!, 0, new Date(), 'pipeline') as never);
    expect((await runPipeline(ctx, w.seller.id, [p!])).split).toEqual([p]);
    const parent = await w.order(p!);
    expect(parent.children).toEqual([`${p}-1`, `${p}-2`]);
    const kids = await Promise.all(parent.children!.map((id) => w.order(id)));
    expect(kids.map((k) => k.lines.map((l) => l.platformSku).join())).toEqual(['B', 'A']);
    expect(await ctx.models.Order.countDocuments({ splitFrom: p })).toBe(2);
    await runPipeline(ctx, w.seller.id, parent.children!);
    expect(await w.reservedTotal()).toBe(2);
    await cancel(parent.children!);
  });
});
