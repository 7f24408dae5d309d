import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/context.js';
import { receivePurchaseOrder } from '../../src/services/purchasing/receive.js';
import type { MovementInput, StockLedger } from '../../src/services/stock-ledger.js';
import { purchasingWorld, type PurchasingWorld } from './purchasing-fixtures.js';

let w: PurchasingWorld;
beforeAll(async () => { w = await purchasingWorld(); });
afterEach(async () => w.assertLedgerConsistent());
afterAll(async () => w.hub.close());

/** The real ledger, made to crash (throw) before its n-th movement: what a process dying mid-receipt leaves behind. */
function crashingBefore(n: number): Ctx {
  const real = w.hub.rt.ctx.ledger;
  let calls = 0;
  const ledger = Object.create(real) as StockLedger;
  ledger.apply = async (m: MovementInput) => {
    if (++calls >= n) throw new Error('simulated crash');
    return real.apply(m);
  };
  return { ...w.hub.rt.ctx, ledger };
}

describe('a receipt interrupted halfway', () => {
  it('is finished by its retry, without applying any line twice', async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 10 }, { skuCode: 'SKU-B', quantity: 10 }]);
    const [a, b] = [await w.onHand('SKU-A'), await w.onHand('SKU-B')];
    const body = { idempotencyKey: 'crash-1', lines: [{ lineId: 'L1', receivedQty: 4, acceptedQty: 4, rejectedQty: 0 }, { lineId: 'L2', receivedQty: 6, acceptedQty: 6, rejectedQty: 0 }] };
    await expect(receivePurchaseOrder(crashingBefore(2), w.seller.id, po.id, body, 'test')).rejects.toThrow('simulated crash');
    expect(await w.onHand('SKU-A')).toBe(a + 4);
    expect(await w.onHand('SKU-B')).toBe(b);
    const half = await w.hub.rt.ctx.models.PurchaseReceipt.findOne({ sellerId: w.seller.id, poId: po.id }).lean();
    expect(half?.state).toBe('posting');

    const retry = await w.call('POST', `/v1/purchase-orders/${po.id}/receipts`, body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().receipt.state).toBe('posted');
    expect(retry.json().purchaseOrder.lines.map((l: { acceptedQty: number }) => l.acceptedQty)).toEqual([4, 6]);
    expect(await w.onHand('SKU-A')).toBe(a + 4);
    expect(await w.onHand('SKU-B')).toBe(b + 6);
  });

  it('is finished before the next delivery is checked, so the tolerance sees it', async () => {
    const po = await w.approvedPo([{ skuCode: 'SKU-A', quantity: 10 }]);
    const before = await w.onHand('SKU-A');
    const first = { idempotencyKey: 'crash-2', lines: [{ lineId: 'L1', receivedQty: 8, acceptedQty: 8, rejectedQty: 0 }] };
    await expect(receivePurchaseOrder(crashingBefore(1), w.seller.id, po.id, first, 'test')).rejects.toThrow('simulated crash');
    expect(await w.onHand('SKU-A')).toBe(before);
    const next = await w.call('POST', `/v1/purchase-orders/${po.id}/receipts`, { idempotencyKey: 'crash-3', lines: [{ lineId: 'L1', receivedQty: 3, acceptedQty: 3 }] });
    expect(next.statusCode).toBe(422);
    expect(next.json().error.code).toBe('OVER_RECEIPT');
    expect(await w.onHand('SKU-A')).toBe(before + 8);
    const po2 = (await w.call('GET', `/v1/purchase-orders/${po.id}`)).json();
    expect(po2).toMatchObject({ status: 'partially_received', lines: [{ acceptedQty: 8 }] });
  });
});

describe('API description', () => {
  it('documents the purchasing routes', async () => {
    const doc = (await w.hub.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/suppliers', '/v1/purchase-orders/{id}/receipts', '/v1/purchase-orders/{id}/payments', '/v1/purchase-orders/from-suggestion']));
  });
});
