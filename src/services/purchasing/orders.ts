import type { Ctx } from '../../context.js';
import type { PoLine, PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import { supplierPriceId } from '../../db/models/purchasing-supplier-price.model.js';
import type { PaymentTerms } from '../../domain/purchasing-payables.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { newId } from '../../ids.js';
import { appendEvents } from '../events.js';
import { type Actor, assertSameRequest, fingerprint, keyedId, loadSupplier, requireSkus, warehouseIds } from './common.js';

export interface PoLineInput {
  skuCode: string;
  spec?: string;
  quantity: number;
  /** Defaults to the supplier's quoted price for the SKU. */
  unitPriceMinor?: number;
  expectedDate?: Date;
  warehouseCode?: string;
}

export interface PoInput {
  supplierId: string;
  warehouseCode?: string;
  expectedDate?: Date;
  lines: PoLineInput[];
  paymentTerms?: PaymentTerms;
  overReceiptTolerance?: number;
  reference?: string;
  notes?: string;
  idempotencyKey?: string;
}

const DAY_MS = 86_400_000;
const startOfDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

/**
 * Creates a draft PO. Every check (supplier, SKUs, warehouses, prices) runs before anything is written; with an
 * idempotency key a retry answers the PO it created.
 */
export async function createPurchaseOrder(
  ctx: Ctx, sellerId: string, input: PoInput, by: Actor, source: PurchaseOrderDoc['source'] = { kind: 'manual' },
): Promise<{ po: PurchaseOrderDoc; created: boolean }> {
  const fp = fingerprint({ input, source: source.kind === 'suggestion' ? source.suggestionId ?? null : null });
  const id = input.idempotencyKey ? keyedId('po', sellerId, input.idempotencyKey) : newId('po', ctx.now());
  if (input.idempotencyKey) {
    const existing = await ctx.models.PurchaseOrder.findOne({ _id: id, sellerId }).lean<PurchaseOrderDoc>();
    if (existing) return (assertSameRequest(existing, fp, input.idempotencyKey), { po: existing, created: false });
  }
  const supplier = await loadSupplier(ctx, sellerId, input.supplierId, 'UNKNOWN_SUPPLIER');
  if (!supplier.active) throw new AppError('UNKNOWN_SUPPLIER', `supplier ${supplier.code} is inactive`);
  await requireSkus(ctx, sellerId, input.lines.map((l) => l.skuCode));
  const whCodes = input.lines.map((l) => l.warehouseCode ?? input.warehouseCode);
  if (whCodes.some((c) => !c)) throw new AppError('VALIDATION_FAILED', 'every line needs a destination warehouse (warehouseCode on the PO or the line)');
  const whIds = await warehouseIds(ctx, sellerId, whCodes as string[]);
  const quotes = new Map(
    (await ctx.models.SupplierPrice.find({ _id: { $in: input.lines.map((l) => supplierPriceId(supplier._id, l.skuCode)) } }).lean())
      .map((p) => [p.skuCode, p.unitPriceMinor]),
  );
  const unpriced = input.lines.filter((l) => l.unitPriceMinor === undefined && !quotes.has(l.skuCode)).map((l) => l.skuCode);
  if (unpriced.length > 0) {
    throw new AppError('VALIDATION_FAILED', `no unit price given and supplier ${supplier.code} has no quote for: ${unpriced.join(', ')}`, { skuCodes: unpriced });
  }
  const now = ctx.now();
  const defaultExpected = input.expectedDate ?? startOfDay(new Date(now.getTime() + supplier.leadTimeDays * DAY_MS));
  const lines: PoLine[] = input.lines.map((l, i) => ({
    lineId: `L${i + 1}`,
    skuCode: l.skuCode,
    ...(l.spec ? { spec: l.spec } : {}),
    quantity: l.quantity,
    unitPriceMinor: l.unitPriceMinor ?? quotes.get(l.skuCode)!,
    quotedPriceMinor: quotes.get(l.skuCode) ?? null,
    expectedDate: l.expectedDate ?? defaultExpected,
    warehouseId: whIds.get((l.warehouseCode ?? input.warehouseCode)!)!,
    acceptedQty: 0, rejectedQty: 0, returnedQty: 0,
  }));
  const doc: PurchaseOrderDoc = {
    _id: id, sellerId, supplierId: supplier._id, currency: supplier.currency,
    paymentTerms: input.paymentTerms ?? supplier.paymentTerms,
    overReceiptTolerance: input.overReceiptTolerance ?? supplier.overReceiptTolerance,
    status: 'draft', lines, source,
    ...(input.reference ? { reference: input.reference } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
    fingerprint: fp,
    history: [{ at: now, by, action: 'created', ...(source.kind === 'suggestion' ? { note: `from suggestion ${source.suggestionId ?? ''}`.trim() } : {}) }],
    createdBy: by, createdAt: now, updatedAt: now,
  };
  try {
    await ctx.models.PurchaseOrder.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKeyError(err) || !input.idempotencyKey) throw err;
    const existing = (await ctx.models.PurchaseOrder.findOne({ _id: id, sellerId }).lean<PurchaseOrderDoc>())!;
    return (assertSameRequest(existing, fp, input.idempotencyKey), { po: existing, created: false });
  }
  await appendEvents(ctx.models, [{
    _id: `${id}:created`, sellerId, type: 'purchase_order.created', subject: { kind: 'purchase_order', id },
    data: { supplierId: supplier._id, source: source.kind, lines: lines.length },
  }], now);
  ctx.log.info({ sellerId, poId: id, supplierId: supplier._id, source: source.kind }, 'purchase order created');
  return { po: doc, created: true };
}
