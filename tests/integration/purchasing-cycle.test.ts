import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { purchasingWorld, type PurchasingWorld } from './purchasing-fixtures.js';

let w: PurchasingWorld;
beforeAll(async () => { w = await purchasingWorld(); });
afterEach(async () => w.assertLedgerConsistent());
afterAll(async () => w.hub.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('full cycle: PO → partial receipt with a QC rejection → purchase return → payment', () => {
  let poId: string;
  let receiptId: string;
  const firstReceivedAt = daysAgo(40);

  it('creates a draft PO by hand (price defaults to the quote) and approves it', async () => {
    const res = await w.call('POST', '/v1/purchase-orders', {
      supplierId: w.supplier.id, warehouseCode: 'MAIN', reference: 'Q3 restock', idempotencyKey: 'po-cycle-1',
      lines: [{ skuCode: 'SKU-A', quantity: 100, spec: 'blue, 10 cm' }, { skuCode: 'SKU-B', quantity: 50, unitPrice: '9.50' }],
    });
    expect(res.statusCode).toBe(201);
    const po = res.json();
    poId = po.id;
    expect(po).toMatchObject({ status: 'draft', currency: 'USD', paymentTerms: { type: 'net', days: 30 }, createdBy: 'user:clerk.li' });
    expect(po.lines[0]).toMatchObject({ lineId: 'L1', unitPrice: '2.50', quotedPrice: '2.50', amount: '250.00', openQty: 100 });
    expect(po.lines[1]).toMatchObject({ lineId: 'L2', unitPrice: '9.50', quotedPrice: '10.00' });
    expect(po.amounts).toMatchObject({ ordered: '725.00', received: '0.00', due: '0.00' });
    const approved = await w.call('POST', `/v1/purchase-orders/${poId}/approve`);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: 'user:clerk.li' });
  });

  it('receives part of the delivery: accepted goes into stock with the lot, rejected is held with a reason', async () => {
    const res = await w.call('POST', `/v1/purchase-orders/${poId}/receipts`, {
      idempotencyKey: 'rcv-1', receivedAt: firstReceivedAt, deliveryNote: 'DN-778',
      lines: [
        { lineId: 'L1', receivedQty: 60, acceptedQty: 52, rejectedQty: 8, rejectReason: 'crushed cartons', lot: 'LOT-2401', expiresAt: '2027-06-30' },
        { lineId: 'L2', receivedQty: 50, acceptedQty: 50 },
      ],
    });
    expect(res.statusCode).toBe(201);
    const { receipt, purchaseOrder } = res.json();
    receiptId = receipt.id;
    expect(receipt.receivedBy).toBe('user:clerk.li');
    expect(receipt.lines[0]).toMatchObject({ acceptedQty: 52, rejectedQty: 8, rejectReason: 'crushed cartons', lot: 'LOT-2401', expiresAt: '2027-06-30' });
    expect(purchaseOrder.status).toBe('partially_received');
    expect(purchaseOrder.lines[0]).toMatchObject({ acceptedQty: 52, rejectedQty: 8, openQty: 48 });
    expect(await w.onHand('SKU-A')).toBe(52);
    expect(await w.onHand('SKU-B')).toBe(50);
    const entry = await w.hub.rt.ctx.models.StockMovement.findById(receipt.lines[0].movementId).lean();
    expect(entry).toMatchObject({ type: 'purchase_receipt', onHandDelta: 52, reference: { kind: 'purchase_receipt', id: receiptId, lot: 'LOT-2401', expiresAt: '2027-06-30' } });
    const events = await w.hub.rt.ctx.models.Event.find({ sellerId: w.seller.id, type: 'purchase.received' }).lean();
    expect(events).toHaveLength(1);
    // The received lot is in the lot sub-ledger, so FEFO picking sees it.
    const fefo = (await w.call('GET', '/v1/inventory/lots/fefo?warehouseCode=MAIN&skuCode=SKU-A&quantity=10')).json();
    expect(JSON.stringify(fefo)).toContain('LOT-2401');
  });

  it('a retried receipt applies nothing twice', async () => {
    const before = await w.snapshot();
    const res = await w.call('POST', `/v1/purchase-orders/${poId}/receipts`, {
      idempotencyKey: 'rcv-1', receivedAt: firstReceivedAt, deliveryNote: 'DN-778',
      lines: [
        { lineId: 'L1', receivedQty: 60, acceptedQty: 52, rejectedQty: 8, rejectReason: 'crushed cartons', lot: 'LOT-2401', expiresAt: '2027-06-30' },
        { lineId: 'L2', receivedQty: 50, acceptedQty: 50 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().receipt.id).toBe(receiptId);
    const after = await w.snapshot();
    expect(after.movements).toBe(before.movements);
    expect(after.receipts).toBe(before.receipts);
    expect(await w.onHand('SKU-A')).toBe(52);
  });

  it('returns the rejected goods to the supplier, never more than were rejected', async () => {
    const res = await w.call('POST', `/v1/purchase-orders/${poId}/returns`, { idempotencyKey: 'ret-1', lines: [{ lineId: 'L1', quantity: 8 }], carrier: 'SF', trackingNumber: 'SF1234' });
    expect(res.statusCode).toBe(201);
    expect(res.json().return.lines[0]).toMatchObject({ skuCode: 'SKU-A', quantity: 8, reason: 'crushed cartons' });
    expect(res.json().purchaseOrder.lines[0]).toMatchObject({ rejectedQty: 8, returnedQty: 8 });
    expect(await w.onHand('SKU-A')).toBe(52); // rejected goods never entered stock
    const again = await w.call('POST', `/v1/purchase-orders/${poId}/returns`, { idempotencyKey: 'ret-2', lines: [{ lineId: 'L1', quantity: 1 }] });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('RETURN_EXCEEDS_REJECTED');
  });

  it('shows received, invoiced, paid and due; pays in part; refuses paying more than is payable', async () => {
    const payables = (await w.call('GET', `/v1/purchase-orders/${poId}/payables`)).json();
    // 52 × 2.50 + 50 × 9.50 = 130 + 475; received 40 days ago on net 30 → all due.
    expect(payables).toMatchObject({ received: '605.00', invoiced: '0.00', paid: '0.00', outstanding: '605.00', due: '605.00' });
    const inv = await w.call('POST', `/v1/purchase-orders/${poId}/invoices`, { number: 'INV-9001', amount: '605.00', currency: 'USD' });
    expect(inv.statusCode).toBe(201);
    const pay = await w.call('POST', `/v1/purchase-orders/${poId}/payments`, { idempotencyKey: 'pay-1', amount: '300.00', currency: 'USD', method: 'wire', reference: 'TT-1' });
    expect(pay.statusCode).toBe(201);
    expect(pay.json().amounts).toMatchObject({ received: '605.00', invoiced: '605.00', paid: '300.00', due: '305.00' });
    const replay = await w.call('POST', `/v1/purchase-orders/${poId}/payments`, { idempotencyKey: 'pay-1', amount: '300.00', currency: 'USD', method: 'wire', reference: 'TT-1' });
    expect(replay.statusCode).toBe(200);
    const tooMuch = await w.call('POST', `/v1/purchase-orders/${poId}/payments`, { idempotencyKey: 'pay-2', amount: '305.01', currency: 'USD' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.code).toBe('PAYMENT_EXCEEDS_PAYABLE');
    const wrongCurrency = await w.call('POST', `/v1/purchase-orders/${poId}/payments`, { idempotencyKey: 'pay-3', amount: '1.00', currency: 'EUR' });
    expect(wrongCurrency.json().error.code).toBe('CURRENCY_MISMATCH');
    const after = (await w.call('GET', `/v1/purchase-orders/${poId}/payables`)).json();
    expect(after).toMatchObject({ paid: '300.00', due: '305.00' });
    expect(after.payments).toHaveLength(1);
    expect(after.invoices).toHaveLength(1);
  });

  it('a second delivery completes the PO; it is closed and receives nothing more', async () => {
    const res = await w.call('POST', `/v1/purchase-orders/${poId}/receipts`, { idempotencyKey: 'rcv-2', lines: [{ lineId: 'L1', receivedQty: 48, acceptedQty: 48, lot: 'LOT-2402' }] });
    expect(res.statusCode).toBe(201);
    expect(res.json().purchaseOrder.status).toBe('received');
    expect(await w.onHand('SKU-A')).toBe(100);
    const closed = await w.call('POST', `/v1/purchase-orders/${poId}/close`, { note: 'complete' });
    expect(closed.json().status).toBe('closed');
    const late = await w.call('POST', `/v1/purchase-orders/${poId}/receipts`, { idempotencyKey: 'rcv-3', lines: [{ lineId: 'L2', receivedQty: 1, acceptedQty: 1 }] });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('PO_STATUS_CONFLICT');
    expect(await w.onHand('SKU-B')).toBe(50);
    const po = (await w.call('GET', `/v1/purchase-orders/${poId}`)).json();
    expect(po.history.map((h: { action: string }) => h.action)).toEqual(['created', 'approved', 'received', 'returned', 'invoiced', 'paid', 'received', 'closed']);
    // The second receipt is within net 30: received but not yet due.
    expect(po.amounts).toMatchObject({ received: '725.00', paid: '300.00', outstanding: '425.00', due: '305.00' });
  });

  it("scores the supplier from its history and shows what is owed to it", async () => {
    const s = (await w.call('GET', `/v1/suppliers/${w.supplier.id}`)).json();
    expect(s.score.rejectionRate).toBeCloseTo(8 / 158, 3);
    expect(s.score.deliveries).toBe(3);
    expect(s.score.score).toBeGreaterThan(0);
    expect(s.prices.map((p: { skuCode: string }) => p.skuCode)).toEqual(['SKU-A', 'SKU-B']);
    const owed = (await w.call('GET', `/v1/suppliers/${w.supplier.id}/payables`)).json();
    expect(owed.totals).toMatchObject({ received: '725.00', paid: '300.00', outstanding: '425.00' });
    expect(owed.orders).toHaveLength(1);
  });
});
