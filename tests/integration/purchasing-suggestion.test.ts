import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { purchasingWorld, type PurchasingWorld } from './purchasing-fixtures.js';

let w: PurchasingWorld;
let cheap: { id: string };
beforeAll(async () => {
  w = await purchasingWorld();
  cheap = await w.ok('POST', '/v1/suppliers', { code: 'CHEAP', name: 'Cheap Co', currency: 'USD', paymentTerms: { type: 'prepaid', days: 0 }, leadTimeDays: 20 });
  await w.ok('PUT', `/v1/suppliers/${cheap.id}/prices`, { prices: [{ skuCode: 'SKU-B', unitPrice: '8.00', minOrderQty: 30 }] });
});
afterEach(async () => w.assertLedgerConsistent());
afterAll(async () => w.hub.close());

describe('suppliers for a SKU and POs from a low-stock suggestion', () => {
  it('ranks suppliers quoting a SKU: without history the cheaper one first', async () => {
    const res = (await w.call('GET', '/v1/purchasing/sku-suppliers/SKU-B')).json();
    expect(res.items.map((i: { code: string }) => i.code)).toEqual(['CHEAP', 'ACME']);
    expect(res.items[0]).toMatchObject({ unitPrice: '8.00', minOrderQty: 30, leadTimeDays: 20, score: null });
  });

  it('an alert-shaped suggestion becomes a draft PO from the best supplier, rounded up to its minimum order', async () => {
    const alert = { _id: 'rule_1#1', skuCode: 'SKU-B', warehouseId: w.wh.id, suggestion: { kind: 'purchase', quantity: 12, reason: 'velocity 2/day' } };
    const res = await w.call('POST', '/v1/purchase-orders/from-suggestion', { suggestion: alert });
    expect(res.statusCode).toBe(201);
    const po = res.json();
    expect(po).toMatchObject({ status: 'draft', supplierId: cheap.id, paymentTerms: { type: 'prepaid' }, source: { kind: 'suggestion', suggestionId: 'rule_1#1' } });
    expect(po.lines[0]).toMatchObject({ skuCode: 'SKU-B', quantity: 30, unitPrice: '8.00', warehouseId: w.wh.id });
    const again = await w.call('POST', '/v1/purchase-orders/from-suggestion', { suggestion: alert });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(po.id);
    // A prepaid PO owes its whole value from approval.
    const approved = await w.ok('POST', `/v1/purchase-orders/${po.id}/approve`);
    expect(approved.amounts).toMatchObject({ ordered: '240.00', outstanding: '240.00', due: '240.00' });
  });

  it('a flat suggestion with a named supplier and warehouse code', async () => {
    const res = await w.call('POST', '/v1/purchase-orders/from-suggestion', {
      suggestion: { id: 'sugg-7', skuCode: 'SKU-A', warehouseCode: 'MAIN', quantity: 15, kind: 'purchase' }, supplierId: w.supplier.id, expectedDate: '2030-01-15',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().lines[0]).toMatchObject({ skuCode: 'SKU-A', quantity: 15, unitPrice: '2.50', expectedDate: '2030-01-15' });
  });

  it('refuses a suggestion for a SKU nobody quotes, an unknown SKU, or one saying nothing is needed', async () => {
    const before = await w.snapshot();
    const nobody = await w.call('POST', '/v1/purchase-orders/from-suggestion', { suggestion: { skuCode: 'SKU-C', warehouseCode: 'MAIN', quantity: 5 } });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().error.code).toBe('UNKNOWN_SUPPLIER');
    const unknown = await w.call('POST', '/v1/purchase-orders/from-suggestion', { suggestion: { skuCode: 'GHOST', warehouseCode: 'MAIN', quantity: 5 }, supplierId: w.supplier.id });
    expect(unknown.json().error.code).toBe('UNKNOWN_SKU');
    const none = await w.call('POST', '/v1/purchase-orders/from-suggestion', { suggestion: { skuCode: 'SKU-A', warehouseCode: 'MAIN', suggestion: { kind: 'none', quantity: 0 } } });
    expect(none.statusCode).toBe(400);
    expect(await w.snapshot()).toEqual(before);
  });

  it('history moves the ranking: rejections lower a supplier below one that delivers clean', async () => {
    const cheapPo = (await w.ok('POST', '/v1/purchase-orders', { supplierId: cheap.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-B', quantity: 30 }] }));
    await w.ok('POST', `/v1/purchase-orders/${cheapPo.id}/approve`);
    await w.ok('POST', `/v1/purchase-orders/${cheapPo.id}/receipts`, { idempotencyKey: 'h-1', lines: [{ lineId: 'L1', receivedQty: 30, acceptedQty: 10, rejectedQty: 20, rejectReason: 'wrong colour' }] });
    const acmePo = await w.approvedPo([{ skuCode: 'SKU-B', quantity: 10 }]);
    await w.ok('POST', `/v1/purchase-orders/${acmePo.id}/receipts`, { idempotencyKey: 'h-2', lines: [{ lineId: 'L1', receivedQty: 10, acceptedQty: 10 }] });
    const res = (await w.call('GET', '/v1/purchasing/sku-suppliers/SKU-B')).json();
    expect(res.items.map((i: { code: string }) => i.code)).toEqual(['ACME', 'CHEAP']);
    expect(res.items[1].scoreDetail.rejectionRate).toBeCloseTo(2 / 3, 3);
  });

  it('suppliers: duplicate codes refused, edits recorded with who, inactive ones are not offered', async () => {
    const dup = await w.call('POST', '/v1/suppliers', { code: 'CHEAP', name: 'Again', currency: 'USD', paymentTerms: { type: 'net', days: 0 }, leadTimeDays: 1 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    const bad = await w.call('POST', '/v1/suppliers', { code: 'X', name: 'X', currency: 'usd', paymentTerms: { type: 'net', days: 0 }, leadTimeDays: -1 });
    expect(bad.statusCode).toBe(400);
    const patched = await w.call('PATCH', `/v1/suppliers/${cheap.id}`, { leadTimeDays: 12, active: false, contact: { name: 'Zhao', phone: '123' } });
    expect(patched.json()).toMatchObject({ leadTimeDays: 12, active: false, contact: { name: 'Zhao' }, updatedBy: 'user:clerk.li' });
    const offered = (await w.call('GET', '/v1/purchasing/sku-suppliers/SKU-B')).json();
    expect(offered.items.map((i: { code: string }) => i.code)).toEqual(['ACME']);
    const refused = await w.call('POST', '/v1/purchase-orders', { supplierId: cheap.id, warehouseCode: 'MAIN', lines: [{ skuCode: 'SKU-B', quantity: 30 }] });
    expect(refused.json().error.code).toBe('UNKNOWN_SUPPLIER');
    await w.ok('PATCH', `/v1/suppliers/${cheap.id}`, { active: true });
    expect((await w.call('GET', '/v1/suppliers?active=true')).json().items).toHaveLength(2);
  });

  it('lists POs by status and supplier with a cursor', async () => {
    const page1 = (await w.call('GET', `/v1/purchase-orders?supplierId=${cheap.id}&limit=1`)).json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = (await w.call('GET', `/v1/purchase-orders?supplierId=${cheap.id}&limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    const drafts = (await w.call('GET', '/v1/purchase-orders?status=draft')).json();
    expect(drafts.items.every((p: { status: string }) => p.status === 'draft')).toBe(true);
  });
});
