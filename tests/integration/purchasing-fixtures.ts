import { expect } from 'vitest';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** A hub with one seller, warehouse MAIN, SKUs SKU-A/SKU-B/SKU-C and a supplier quoting A and B. */
export async function purchasingWorld() {
  const hub: TestHub = await startTestHub();
  const seller = await hub.newSeller('Buyer Co');
  const call = (method: Method, url: string, payload?: object, headers: Record<string, string> = seller.auth) =>
    hub.app.inject({ method, url, headers: { ...headers, 'x-actor': 'clerk.li' }, ...(payload ? { payload } : {}) });
  const ok = async (method: Method, url: string, payload?: object) => {
    const res = await call(method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const wh = await ok('POST', '/v1/warehouses', { code: 'MAIN', name: 'Main' });
  for (const code of ['SKU-A', 'SKU-B', 'SKU-C']) await ok('POST', '/v1/skus', { code, name: code });
  const supplier = await ok('POST', '/v1/suppliers', {
    code: 'ACME', name: 'Acme Parts', contact: { name: 'Wang', phone: '+86 21 5555 0000', email: 'sales@acme.example' },
    currency: 'USD', paymentTerms: { type: 'net', days: 30 }, leadTimeDays: 7, overReceiptTolerance: 0.05,
  });
  await ok('PUT', `/v1/suppliers/${supplier.id}/prices`, { prices: [{ skuCode: 'SKU-A', unitPrice: '2.50' }, { skuCode: 'SKU-B', unitPrice: '10.00', minOrderQty: 10 }] });

  /** Ledger state of the seller: every movement plus the levels, to assert "nothing changed". */
  const snapshot = async () => ({
    movements: await hub.rt.ctx.models.StockMovement.countDocuments({ sellerId: seller.id }),
    receipts: await hub.rt.ctx.models.PurchaseReceipt.countDocuments({ sellerId: seller.id }),
    returns: await hub.rt.ctx.models.PurchaseReturn.countDocuments({ sellerId: seller.id }),
    bills: await hub.rt.ctx.models.SupplierBill.countDocuments({ sellerId: seller.id }),
    orders: await hub.rt.ctx.models.PurchaseOrder.find({ sellerId: seller.id }, { updatedAt: 1, status: 1, lines: 1 }).sort({ _id: 1 }).lean(),
  });
  const onHand = async (skuCode: string) =>
    (await hub.rt.ctx.models.StockLevel.findOne({ sellerId: seller.id, warehouseId: wh.id, skuCode }).lean())?.onHand ?? 0;
  const assertLedgerConsistent = async () => expect(await reconcileStock(hub.rt.ctx.models, seller.id)).toEqual([]);
  /** An approved PO of the given lines (quantities) from the supplier. */
  const approvedPo = async (lines: object[], extra: object = {}) => {
    const po = await ok('POST', '/v1/purchase-orders', { supplierId: supplier.id, warehouseCode: 'MAIN', lines, ...extra });
    return ok('POST', `/v1/purchase-orders/${po.id}/approve`);
  };
  return { hub, seller, call, ok, wh, supplier, snapshot, onHand, assertLedgerConsistent, approvedPo };
}
export type PurchasingWorld = Awaited<ReturnType<typeof purchasingWorld>>;
