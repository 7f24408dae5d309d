import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchasingWorld, type PurchasingWorld } from './purchasing-fixtures.js';

let w: PurchasingWorld;
beforeAll(async () => {
  w = await purchasingWorld();
}, 60_000);
afterAll(async () => w.hub.close());

const MAX_PRICE = '9999999999.99';
const MAX_QTY = 10_000_000;

describe('money stays exact at the schema limits', () => {
  it('max price × max quantity on every line prints exact decimal strings (line, ordered, received, payable)', async () => {
    const lines = ['SKU-A', 'SKU-B', 'SKU-C'].map((skuCode) => ({ skuCode, quantity: MAX_QTY, unitPrice: MAX_PRICE }));
    const po = await w.approvedPo(lines);
    expect(po.lines[0]).toMatchObject({ unitPrice: MAX_PRICE, amount: '99999999999900000.00' });
    expect(po.amounts.ordered).toBe('299999999999700000.00');
    const rcv = await w.call('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'max-1', lines: [{ lineId: 'L1', receivedQty: MAX_QTY, acceptedQty: MAX_QTY }] });
    expect(rcv.statusCode).toBe(201);
    const payables = await w.ok('GET', `/v1/purchase-orders/${po.id}/payables`);
    expect(payables).toMatchObject({ ordered: '299999999999700000.00', received: '99999999999900000.00', outstanding: '99999999999900000.00' });
    const pay = await w.call('POST', `/v1/purchase-orders/${po.id}/payments`, { idempotencyKey: 'pay-max', amount: MAX_PRICE, currency: 'USD' });
    expect(pay.statusCode).toBe(201);
    expect(pay.json().amounts).toMatchObject({ paid: MAX_PRICE, outstanding: '99999989999900000.01' });
    const supplier = await w.ok('GET', `/v1/suppliers/${w.supplier.id}/payables`);
    expect(supplier.totals).toMatchObject({ ordered: '299999999999700000.00', paid: MAX_PRICE });
    expect(JSON.stringify([po, payables, supplier])).not.toMatch(/e\+|NaN|Infinity/);
  });

  it('an amount over the limit (the old limit printed "1.9999999999999793e+21.32") or a quantity over the cap is a 400, and nothing is stored', async () => {
    const before = await w.snapshot();
    for (const body of [
      { lines: [{ skuCode: 'SKU-A', quantity: 1, unitPrice: '99999999999.99' }] },
      { lines: [{ skuCode: 'SKU-A', quantity: 1, unitPrice: '999999999999.99' }] },
      { lines: [{ skuCode: 'SKU-A', quantity: MAX_QTY + 1, unitPrice: '1.00' }] },
      { lines: [{ skuCode: 'SKU-A', quantity: 1, unitPrice: '1e5' }] },
    ]) {
      const res = await w.call('POST', '/v1/purchase-orders', { supplierId: w.supplier.id, warehouseCode: 'MAIN', ...body });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const price = await w.call('PUT', `/v1/suppliers/${w.supplier.id}/prices`, { prices: [{ skuCode: 'SKU-A', unitPrice: '10000000000.00' }] });
    expect(price.statusCode).toBe(400);
    expect(await w.snapshot()).toEqual(before);
  });
});
