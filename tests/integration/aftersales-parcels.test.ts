import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedRefund } from '../../connectors/types.js';
import type { TicketDoc } from '../../src/db/models/inventory-ticket.model.js';
import { ingestRefunds } from '../../src/services/ingest-refunds.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { importOrders, normalizedOrder } from '../helpers/orders.js';
import { startWorld, type World } from './merge-split-fixtures.js';

let w: World;
let n = 0;
const refund = (platformOrderId: string, over: Partial<NormalizedRefund> = {}): NormalizedRefund => ({
  platformRefundId: `R-${platformOrderId}-${++n}`, platformOrderId, state: 'requested', platformUpdatedAt: new Date(), ...over,
});
const ship = async (id: string) => {
  const res = await w.call('POST', `/v1/orders/${id}/ship`, { trackingNumber: `SF${id.replace(/[^A-Za-z0-9]/g, '').slice(-12)}`, courierCode: 'SF' });
  expect(res.statusCode).toBe(201);
  return res.json().trackingNumber ?? res.json().shipment?.trackingNumber;
};
const ticketsOf = async (orderId: string) => (await w.call('GET', `/v1/aftersales/tickets?orderId=${orderId}`)).json().items as ({ id: string; refundStatus: string; lines: { lineId: string; skuCode: string; quantity: number }[]; parcels: { orderId: string; trackingNumber: string; lines: { lineId: string; quantity: number }[] }[] })[];
const parcelSummary = (t: { parcels: { orderId: string; lines: { lineId: string; quantity: number }[] }[] }) =>
  t.parcels.map((p) => `${p.orderId}:${p.lines.map((l) => `${l.lineId}×${l.quantity}`).join(',')}`).sort();

beforeAll(async () => {
  w = await startWorld({ MAIN: { A: 20, B: 0 }, EAST: { A: 0, B: 20 } });
});
afterAll(async () => w.hub.close());
afterEach(async () => expect(await w.drift()).toEqual([]));

describe('returns on split and merged orders after shipment open a ticket linked to the parcels that shipped', () => {
  it('split (拆单), every child shipped: the return request and its refund reach one ticket on the platform order', async () => {
    const ctx = w.hub.rt.ctx;
    const po = normalizedOrder({ skus: [['A', 2], ['B', 1]] });
    const [p] = await importOrders(ctx, w.shop, [po]);
    expect((await runPipeline(ctx, w.seller.id, [p!])).split).toEqual([p]);
    const kids = (await w.order(p!)).children!;
    await runPipeline(ctx, w.seller.id, kids);
    for (const k of kids) await ship(k);

    await ingestRefunds(ctx, w.shop, [refund(po.platformOrderId, { platformRefundId: 'R-split-1' })]);
    const [t] = await ticketsOf(p!);
    expect(t).toMatchObject({ refundStatus: 'requested', type: 'return' });
    expect(t!.lines.map((l) => `${l.skuCode}×${l.quantity}`).sort()).toEqual(['A×2', 'B×1']);
    expect(parcelSummary(t!)).toEqual([`${kids[0]}:${po.lines[0]!.lineId}×2`, `${kids[1]}:${po.lines[1]!.lineId}×1`].sort());

    await ingestRefunds(ctx, w.shop, [refund(po.platformOrderId, { platformRefundId: 'R-split-1', state: 'succeeded' })]);
    expect((await ticketsOf(p!)).map((x) => [x.id, x.refundStatus])).toEqual([[t!.id, 'succeeded']]);
    for (const k of kids) expect((await w.order(k)).hubStatus).toBe('shipped');
    // A CS return on a child reaches the child's own parcel.
    const cs = await w.call('POST', '/v1/aftersales/tickets', { type: 'return', orderId: kids[1], lines: [{ lineId: po.lines[1]!.lineId, quantity: 1 }] });
    expect(cs.statusCode).toBe(201);
    expect(parcelSummary(cs.json())).toEqual([`${kids[1]}:${po.lines[1]!.lineId}×1`]);
  });

  it('split, one child shipped and one not: the shipped part gets a ticket, the rest is cancelled and its stock released', async () => {
    const ctx = w.hub.rt.ctx;
    const po = normalizedOrder({ skus: [['A', 1], ['B', 2]] });
    const [p] = await importOrders(ctx, w.shop, [po]);
    await runPipeline(ctx, w.seller.id, [p!]);
    const kids = (await w.order(p!)).children!;
    await runPipeline(ctx, w.seller.id, kids);
    const sentA = (await w.order(kids[0]!)).lines[0]!.skuCode === 'A' ? kids[0]! : kids[1]!;
    const other = kids.find((k) => k !== sentA)!;
    await ship(sentA);
    const reservedBefore = await w.reservedTotal();

    await ingestRefunds(ctx, w.shop, [refund(po.platformOrderId, { state: 'succeeded' })]);
    const [t] = await ticketsOf(p!);
    expect(t!.lines.map((l) => `${l.skuCode}×${l.quantity}`)).toEqual(['A×1']);
    expect(parcelSummary(t!)).toEqual([`${sentA}:${po.lines[0]!.lineId}×1`]);
    expect((await w.order(other)).hubStatus).toBe('cancelled');
    expect(await w.reservedTotal()).toBe(reservedBefore - 2);
  });

  it('merge (合单), master shipped: a return on either original reaches a ticket on that original, linked to the master\'s parcel', async () => {
    const ctx = w.hub.rt.ctx;
    const who = { buyer: { platformBuyerId: 'B-merge', name: 'Merge Buyer' }, address: { name: 'Merge Buyer', line1: '9 Elm St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' } };
    const pa = normalizedOrder({ ...who, skus: [['A', 1]] });
    const pb = normalizedOrder({ ...who, skus: [['A', 3]] });
    const [a, b] = await importOrders(ctx, w.shop, [pa, pb]);
    const merged = await w.call('POST', '/v1/orders/merge', { orderIds: [a, b] });
    expect(merged.statusCode).toBe(201);
    const masterId = merged.json().masterId as string;
    expect((await runPipeline(ctx, w.seller.id, [masterId])).allocated).toEqual([masterId]);
    await ship(masterId);

    await ingestRefunds(ctx, w.shop, [refund(pa.platformOrderId, { platformRefundId: 'R-merge-a' })]);
    await ingestRefunds(ctx, w.shop, [refund(pb.platformOrderId, { platformRefundId: 'R-merge-b', state: 'succeeded', lines: [{ lineId: pb.lines[0]!.lineId, quantity: 2 }] })]);
    const [ta] = await ticketsOf(a!);
    const [tb] = await ticketsOf(b!);
    expect(ta).toMatchObject({ refundStatus: 'requested', lines: [{ lineId: pa.lines[0]!.lineId, quantity: 1 }] });
    expect(parcelSummary(ta!)).toEqual([`${masterId}:${pa.lines[0]!.lineId}×1`]);
    expect(tb).toMatchObject({ refundStatus: 'succeeded', lines: [{ lineId: pb.lines[0]!.lineId, quantity: 2 }] });
    expect(parcelSummary(tb!)).toEqual([`${masterId}:${pb.lines[0]!.lineId}×3`]);
    expect((await w.order(masterId)).hubStatus).toBe('shipped');
    expect((await w.order(a!)).hubStatus).toBe('merged');
    const docs = await ctx.models.InventoryTicket.find({ sellerId: w.seller.id, orderId: { $in: [a, b] } }).lean<TicketDoc[]>();
    expect(docs).toHaveLength(2);
  });
});
