import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import type { SupplierDoc } from '../../db/models/purchasing-supplier.model.js';
import { AppError, notFound } from '../../errors.js';

/** Who did it: the operator named by the request, or the seller's API key. */
export type Actor = string;

/** A document id derived from the client's idempotency key: a retried request lands on the same document. */
export function keyedId(prefix: string, sellerId: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(`${sellerId}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

/** A stable digest of what a request asked for, to tell a retry from a different request with the same key. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

export function assertSameRequest(existing: { fingerprint: string }, fp: string, key: string): void {
  if (existing.fingerprint !== fp) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${key} was used for a different request`);
  }
}

/** Runs `fn` with the PO loaded under its lock: every writer of a PO (and of its receipts, returns, payments) goes through here. */
export function withPo<T>(ctx: Ctx, sellerId: string, poId: string, fn: (po: PurchaseOrderDoc) => Promise<T>): Promise<T> {
  return ctx.locks.withLock(`po:${poId}`, async () => {
    const po = await ctx.models.PurchaseOrder.findOne({ _id: poId, sellerId }).lean<PurchaseOrderDoc>();
    if (!po) throw notFound('purchase order', poId);
    return fn(po);
  }, { ttlMs: 30_000, waitMs: 20_000 });
}

export async function loadSupplier(ctx: Ctx, sellerId: string, supplierId: string, code: 'NOT_FOUND' | 'UNKNOWN_SUPPLIER' = 'NOT_FOUND'): Promise<SupplierDoc> {
  const s = await ctx.models.Supplier.findOne({ _id: supplierId, sellerId }).lean<SupplierDoc>();
  if (!s) throw code === 'NOT_FOUND' ? notFound('supplier', supplierId) : new AppError('UNKNOWN_SUPPLIER', `supplier ${supplierId} does not exist`);
  return s;
}


/** Resolves warehouse codes to ids; every unknown one is named in a single UNKNOWN_WAREHOUSE error. */
export async function warehouseIds(ctx: Ctx, sellerId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const found = await ctx.models.Warehouse.find({ sellerId, code: { $in: unique } }, { code: 1 }).lean();
  const ids = new Map(found.map((w) => [w.code, w._id]));
  const missing = unique.filter((c) => !ids.has(c));
  if (missing.length > 0) throw new AppError('UNKNOWN_WAREHOUSE', `unknown warehouse: ${missing.join(', ')}`, { warehouseCodes: missing });
  return ids;
}

export { requireSkus } from '../catalog.service.js';
