import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { safeJobId } from '../../src/jobs.js';
import { jobIds } from '../../src/queues.js';
import { pushShipment } from '../../src/services/outbound.service.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { startInventoryHub, type InvHarness } from './inventory-fixtures.js';

let h: InvHarness;
let orderId: string;
let lineIds: string[];
beforeAll(async () => {
  h = await startInventoryHub();
  await h.adjust('MAIN', 'SKU-A', 10, 'as-a');
  await h.adjust('MAIN', 'SKU-B', 10, 'as-b');
  const ctx = h.hub.rt.ctx;
  const shop = await insertShop(ctx, h.seller.id, 'shop_as');
  [orderId] = (await importOrders(ctx, shop, [normalizedOrder({ skus: [['SKU-A', 3], ['SKU-B', 2]] })])) as [string];
  await runPipeline(ctx, h.seller.id, [orderId]);
  expect((await h.call('POST', `/v1/orders/${orderId}/ship`, { trackingNumber: '1Z7777', courierCode: 'UPS' })).statusCode).toBe(201);
  lineIds = (await h.call('GET', `/v1/orders/${orderId}`)).json().lines.map((l: { lineId: string }) => l.lineId);
});
afterEach(async () => h.assertLedger());
afterAll(async () => h.hub.close());

describe('after-sales (售后)', () => {
  it('return → restock: sellable back to stock, damaged to the defective location, missing flagged', async () => {
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 7 });
    const created = await h.call('POST', '/v1/aftersales/tickets', {
      type: 'return', orderId, lines: [{ lineId: lineIds[0], quantity: 3 }], reason: 'wrong size', returnTrackingNumber: 'RET-123', idempotencyKey: 'cs-1',
    });
    expect(created.statusCode, created.body).toBe(201);
    const t = created.json();
    expect(t).toMatchObject({ status: 'awaiting_return', source: 'cs', createdBy: 'clerk-1', lines: [{ skuCode: 'SKU-A', quantity: 3 }] });

    const scan = (await h.call('GET', '/v1/aftersales/returns/lookup?code=RET-123')).json();
    expect(scan).toMatchObject({ ticket: { id: t.id }, expected: [{ skuCode: 'SKU-A', quantity: 3 }], receivable: true });
    expect((await h.call('GET', `/v1/aftersales/returns/lookup?code=${t.id}`)).json().ticket.id).toBe(t.id);

    const tooMany = await h.call('POST', `/v1/aftersales/tickets/${t.id}/receive`, { warehouseCode: 'MAIN', lines: [{ lineId: lineIds[0], sellable: 3, damaged: 1 }] });
    expect(tooMany.statusCode).toBe(400);
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 7 });

    const received = await h.call('POST', `/v1/aftersales/tickets/${t.id}/receive`, { warehouseCode: 'MAIN', lines: [{ lineId: lineIds[0], sellable: 1, damaged: 1 }] });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json()).toMatchObject({ status: 'completed', flags: ['missing_items'], lines: [{ sellable: 1, damaged: 1, missing: 1 }], receipt: { by: 'clerk-1', missing: 1 } });
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 8, available: 8 });
    expect(await h.level('MAIN', 'SKU-A@DEFECTIVE')).toMatchObject({ onHand: 1 });
    const ledger = (await h.call('GET', '/v1/inventory/ledger?warehouseCode=MAIN&skuCode=SKU-A')).json();
    expect(ledger.items.at(-1)).toMatchObject({ type: 'return_in', onHandDelta: 1, document: { kind: 'ticket', id: t.id, path: `/v1/aftersales/tickets/${t.id}` } });

    const again = await h.call('POST', `/v1/aftersales/tickets/${t.id}/receive`, { warehouseCode: 'MAIN', lines: [{ lineId: lineIds[0], sellable: 1, damaged: 1 }] });
    expect(again.json().error.code).toBe('INVENTORY_INVALID_STATE');
    expect(await h.level('MAIN', 'SKU-A')).toMatchObject({ onHand: 8 });
    expect(await h.hub.rt.ctx.models.Event.countDocuments({ type: 'aftersales.items_missing', 'subject.id': t.id })).toBe(1);
  });

  it('an exchange creates a replacement order that goes through the pipeline, once', async () => {
    const t = (await h.call('POST', '/v1/aftersales/tickets', {
      type: 'exchange', orderId, lines: [{ lineId: lineIds[1], quantity: 1 }], replacementLines: [{ skuCode: 'SKU-A', quantity: 1 }],
    })).json();
    const first = await h.call('POST', `/v1/aftersales/tickets/${t.id}/replacement`);
    expect(first.statusCode, first.body).toBe(200);
    const replacementId = first.json().orderId;
    expect(first.json().ticket).toMatchObject({ replacementOrderId: replacementId, status: 'awaiting_return' });
    expect((await h.call('POST', `/v1/aftersales/tickets/${t.id}/replacement`)).json().orderId).toBe(replacementId);
    expect(await h.hub.rt.ctx.models.Order.countDocuments({ _id: replacementId })).toBe(1);

    const job = await h.hub.rt.sink.queues.pipeline.getJob(safeJobId(jobIds.pipeline(replacementId, 'aftersales')));
    expect(job?.data).toEqual({ sellerId: h.seller.id, orderIds: [replacementId] });
    expect((await runPipeline(h.hub.rt.ctx, h.seller.id, [replacementId])).allocated).toEqual([replacementId]);
    const order = (await h.call('GET', `/v1/orders/${replacementId}`)).json();
    expect(order).toMatchObject({ hubStatus: 'allocated', lines: [{ skuCode: 'SKU-A', quantity: 1 }] });
    expect(order.address.line1).toBe('1 Main St');

    await h.call('POST', `/v1/aftersales/tickets/${t.id}/receive`, { warehouseCode: 'MAIN', lines: [{ lineId: lineIds[1], sellable: 1, damaged: 0 }] });
    expect((await h.call('GET', `/v1/aftersales/tickets/${t.id}`)).json().status).toBe('completed');
    expect(await h.level('MAIN', 'SKU-B')).toMatchObject({ onHand: 9 });
  });

  it('a replacement\'s shipment says it is never written back (not_applicable, with the reason), and nothing is queued', async () => {
    const ctx = h.hub.rt.ctx;
    const t = (await h.call('POST', '/v1/aftersales/tickets', { type: 'resend', orderId, lines: [{ lineId: lineIds[0], quantity: 1 }] })).json();
    const replacementId = (await h.call('POST', `/v1/aftersales/tickets/${t.id}/replacement`)).json().orderId as string;
    expect((await runPipeline(ctx, h.seller.id, [replacementId])).allocated).toEqual([replacementId]);
    const shipped = await h.call('POST', `/v1/orders/${replacementId}/ship`, { trackingNumber: '1ZRESEND1', courierCode: 'UPS' });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const push = (await h.call('GET', `/v1/orders/${replacementId}`)).json().shipments[0].push;
    expect(push).toMatchObject({ state: 'not_applicable', reason: expect.stringContaining('replacement') });
    expect(await h.hub.rt.sink.queues.outbound.getJob(safeJobId(jobIds.pushShipment(replacementId, `${replacementId}:1`)))).toBeUndefined();
    // A write-back job that runs anyway (the sweeper, an old queue entry) leaves it so.
    expect(await pushShipment(ctx, replacementId, `${replacementId}:1`)).toBe('skipped');
    expect((await ctx.models.Order.findById(replacementId).lean())!.shipments[0]!.push.state).toBe('not_applicable');
  });

  it('a platform refund opens one return ticket whose refund status follows the platform', async () => {
    const body = { orderId, platformRefundId: 'RF-1', state: 'requested', lines: [{ lineId: lineIds[1], quantity: 1 }] };
    const t = (await h.call('POST', '/v1/aftersales/tickets/from-refund', body)).json();
    expect(t).toMatchObject({ type: 'return', source: 'platform', refundStatus: 'requested', status: 'awaiting_return' });
    const later = (await h.call('POST', '/v1/aftersales/tickets/from-refund', { ...body, state: 'succeeded' })).json();
    expect(later).toMatchObject({ id: t.id, refundStatus: 'succeeded' });
    expect((await h.call('GET', `/v1/aftersales/tickets?orderId=${orderId}`)).json().items.filter((x: { source: string }) => x.source === 'platform')).toHaveLength(1);
  });

  it('bad input and other sellers', async () => {
    expect((await h.call('POST', '/v1/aftersales/tickets', { type: 'return', orderId, lines: [{ lineId: lineIds[0], quantity: 99 }] })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await h.call('POST', '/v1/aftersales/tickets', { type: 'resend', orderId: 'ord_nope', lines: [{ lineId: 'x', quantity: 1 }] })).statusCode).toBe(404);
    expect((await h.call('POST', '/v1/aftersales/tickets', { type: 'refund', orderId, lines: [{ lineId: lineIds[0], quantity: 1 }] })).statusCode).toBe(400);
    const other = await h.hub.newSeller('Other');
    expect((await h.call('POST', '/v1/aftersales/tickets', { type: 'resend', orderId, lines: [{ lineId: lineIds[0], quantity: 1 }] }, other.auth)).statusCode).toBe(404);
    const ret = (await h.call('GET', '/v1/aftersales/tickets')).json().items.find((x: { type: string }) => x.type === 'return');
    expect((await h.call('POST', `/v1/aftersales/tickets/${ret.id}/replacement`)).json().error.code).toBe('INVENTORY_INVALID_STATE');
    expect((await h.call('GET', `/v1/aftersales/tickets/${ret.id}`, undefined, other.auth)).statusCode).toBe(404);
  });
});
