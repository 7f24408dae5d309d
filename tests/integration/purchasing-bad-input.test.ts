import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { purchasingWorld, type PurchasingWorld } from './purchasing-fixtures.js';

let w: PurchasingWorld;
beforeAll(async () => { w = await purchasingWorld(); });
afterEach(async () => w.assertLedgerConsistent());
afterAll(async () => w.hub.close());

/** Sends a bad request and asserts its status and code, and that no document or ledger entry changed. */
async function refused(method: 'POST' | 'PUT', url: string, payload: object, status: number, code: string) {
  const before = await w.snapshot();
  const res = await w.call(method, url, payload);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message.length).toBeGreaterThan(5);
  expect(await w.snapshot()).toEqual(before);
  return res.json().error;
}

describe('purchase orders: bad input', () => {
  it('an unknown SKU names it and creates nothing', async () => {
    const err = await refused('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 1 }, { skuCode: 'NOPE', quantity: 1, unitPrice: '1.00' }] }, 422, 'UNKNOWN_SKU');
    expect(err.details.skuCodes).toEqual(['NOPE']);
  });
  it('negative or zero quantities are refused', async () => {
    await refused('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: -5 }] }, 400, 'VALIDATION_FAILED');
    await refused('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 0 }] }, 400, 'VALIDATION_FAILED');
  });
  it('an unknown supplier or warehouse, a SKU without a price, a malformed price', async () => {
    await refused('POST', '/v1/purchase-orders', { supplierId: 'sup_nope', warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 1 }] }, 422, 'UNKNOWN_SUPPLIER');
    await refused('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'FAR', lines: [{ skuCode: 'SKU-A', quantity: 1 }] }, 422, 'UNKNOWN_WAREHOUSE');
    await refused('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-C', quantity: 1 }] }, 400, 'VALIDATION_FAILED');
    await refused('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 1, unitPrice: '-1' }] }, 400, 'VALIDATION_FAILED');
    await refused('PUT', `/v1/suppliers/${w.supplier.id}/prices`, { prices: [{ skuCode: 'GHOST', unitPrice: '1.00' }] }, 422, 'UNKNOWN_SKU');
  });
  it('a cancelled PO cannot be approved; a received one cannot be cancelled', async () => {
    const po = (await w.call('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 2 }] })).json();
    expect((await w.call('POST', `/v1/purchase-orders/${po.id}/cancel`)).json().status).toBe('cancelled');
    await refused('POST', `/v1/purchase-orders/${po.id}/approve`, {}, 409, 'PO_STATUS_CONFLICT');
    const got = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 2 }]);
    await w.ok('POST', `/v1/purchase-orders/${got.id}/receipts`, { idempotencyKey: `k-${got.id}`, lines: [{ lineId: 'L1', receivedQty: 1, acceptedQty: 1 }] });
    await refused('POST', `/v1/purchase-orders/${got.id}/cancel`, {}, 409, 'PO_STATUS_CONFLICT');
  });
});

describe('editing a purchase order', () => {
  it('a draft is edited (lines replaced, same warehouse); an unknown SKU changes nothing; an approved PO is not editable', async () => {
    const po = (await w.call('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 2 }] })).json();
    const edited = await w.call('PATCH', `/v1/purchase-orders/${po.id}`, { lines: [{ skuCode: 'SKU-A', quantity: 7, unitPrice: '2.40' }, { skuCode: 'SKU-B', quantity: 10 }], notes: 'added B' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ notes: 'added B', amounts: { ordered: '116.80' } });
    expect(edited.json().lines.map((l: { warehouseId: string }) => l.warehouseId)).toEqual([w.wh.id, w.wh.id]);
    const before = await w.snapshot();
    const bad = await w.call('PATCH', `/v1/purchase-orders/${po.id}`, { lines: [{ skuCode: 'NOPE', quantity: 1, unitPrice: '1.00' }] });
    expect(bad.json().error.code).toBe('UNKNOWN_SKU');
    expect(await w.snapshot()).toEqual(before);
    await w.ok('POST', `/v1/purchase-orders/${po.id}/approve`);
    const late = await w.call('PATCH', `/v1/purchase-orders/${po.id}`, { notes: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('PO_STATUS_CONFLICT');
  });
});

describe('receiving: bad input', () => {
  it('a draft PO cannot receive; a closed one neither, and nothing changes', async () => {
    const draft = (await w.call('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-A', quantity: 5 }] })).json();
    await refused('POST', `/v1/purchase-orders/${draft.id}/receipts`, { idempotencyKey: 'd-1', lines: [{ lineId: 'L1', receivedQty: 1, acceptedQty: 1 }] }, 409, 'PO_STATUS_CONFLICT');
    const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 5 }]);
    await w.ok('POST', `/v1/purchase-orders/${po.id}/close`);
    const err = await refused('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'c-1', lines: [{ lineId: 'L1', receivedQty: 1, acceptedQty: 1 }] }, 409, 'PO_STATUS_CONFLICT');
    expect(err.message).toMatch(/closed/);
  });
  it('over-receipt beyond the tolerance is refused with what is allowed; within it is accepted', async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 40 }]); // 5 % → at most 42
    const stock = await w.onHand('SKU-A');
    const err = await refused('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'o-1', lines: [{ lineId: 'L1', receivedQty: 43, acceptedQty: 43 }] }, 422, 'OVER_RECEIPT');
    expect(err.details.problems[0]).toMatchObject({ lineId: 'L1', ordered: 40, alreadyAccepted: 0, accepting: 43, maxAcceptable: 42 });
    await w.ok('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'o-2', lines: [{ lineId: 'L1', receivedQty: 30, acceptedQty: 30 }] });
    await refused('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'o-3', lines: [{ lineId: 'L1', receivedQty: 13, acceptedQty: 13 }] }, 422, 'OVER_RECEIPT');
    const last = await w.ok('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'o-4', lines: [{ lineId: 'L1', receivedQty: 12, acceptedQty: 12 }] });
    expect(last.purchaseOrder.status).toBe('received');
    expect(await w.onHand('SKU-A')).toBe(stock + 42);
  });
  it('negative quantities, counts that do not add up, a rejection without a reason, an unknown line', async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 10 }]);
    const url = `/v1/purchase-orders/${po.id}/receipts`;
    await refused('POST', url, { idempotencyKey: 'b-1', lines: [{ lineId: 'L1', receivedQty: -1, acceptedQty: -1 }] }, 400, 'VALIDATION_FAILED');
    await refused('POST', url, { idempotencyKey: 'b-2', lines: [{ lineId: 'L1', receivedQty: 5, acceptedQty: 3, rejectedQty: 1, rejectReason: 'x' }] }, 422, 'INVALID_RECEIPT');
    await refused('POST', url, { idempotencyKey: 'b-3', lines: [{ lineId: 'L1', receivedQty: 5, acceptedQty: 3, rejectedQty: 2 }] }, 422, 'INVALID_RECEIPT');
    await refused('POST', url, { idempotencyKey: 'b-4', lines: [{ lineId: 'L9', receivedQty: 1, acceptedQty: 1 }] }, 422, 'INVALID_RECEIPT');
    await refused('POST', url, { idempotencyKey: 'b-5', lines: [{ lineId: 'L1', receivedQty: 1, acceptedQty: 1, expiresAt: '2027-02-30', lot: 'L' }] }, 400, 'VALIDATION_FAILED');
  });
  it('the same key for a different delivery is refused', async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-B', quantity: 10 }]);
    await w.ok('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'same', lines: [{ lineId: 'L1', receivedQty: 2, acceptedQty: 2 }] });
    await refused('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'same', lines: [{ lineId: 'L1', receivedQty: 3, acceptedQty: 3 }] }, 409, 'IDEMPOTENCY_KEY_REUSED');
  });
  it('concurrent deliveries that together exceed the tolerance: exactly one is refused', async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-B', quantity: 20 }]); // at most 21
    const before = await w.onHand('SKU-B');
    const results = await Promise.all([1, 2, 3].map((i) =>
      w.call('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: `par-${i}`, lines: [{ lineId: 'L1', receivedQty: 10, acceptedQty: 10 }] })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 422]);
    expect(await w.onHand('SKU-B')).toBe(before + 20);
  });
  it('payments and returns on a PO with nothing to pay or return are refused', async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 3 }]);
    await refused('POST', `/v1/purchase-orders/${po.id}/payments`, { idempotencyKey: 'p-1', amount: '0.01', currency: 'USD' }, 422, 'PAYMENT_EXCEEDS_PAYABLE');
    await refused('POST', `/v1/purchase-orders/${po.id}/payments`, { idempotencyKey: 'p-2', amount: '-5.00', currency: 'USD' }, 400, 'VALIDATION_FAILED');
    await refused('POST', `/v1/purchase-orders/${po.id}/returns`, { idempotencyKey: 'r-1', lines: [{ lineId: 'L1', quantity: 1 }] }, 422, 'RETURN_EXCEEDS_REJECTED');
    await refused('POST', `/v1/purchase-orders/${po.id}/returns`, { idempotencyKey: 'r-2', lines: [{ lineId: 'L1', quantity: -1 }] }, 400, 'VALIDATION_FAILED');
  });
});

describe('scoping', () => {
  it("another seller's PO, receipt and supplier answer 404", async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 3 }]);
    const r = await w.ok('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'scope-1', lines: [{ lineId: 'L1', receivedQty: 1, acceptedQty: 1 }] });
    const other = await w.hub.newSeller('Other');
    for (const url of [`/v1/purchase-orders/${po.id}`, `/v1/purchase-receipts/${r.receipt.id}`, `/v1/suppliers/${w.supplier.id}`, `/v1/purchase-orders/${po.id}/payables`]) {
      const res = await w.hub.app.inject({ method: 'GET', url, headers: other.auth });
      expect(res.statusCode, url).toBe(404);
    }
    const before = await w.snapshot();
    const res = await w.hub.app.inject({ method: 'POST', url: `/v1/purchase-orders/${po.id}/receipts`, headers: other.auth, payload: { idempotencyKey: 'x', lines: [{ lineId: 'L1', receivedQty: 1, acceptedQty: 1 }] } });
    expect(res.statusCode).toBe(404);
    expect(await w.snapshot()).toEqual(before);
  });
});
