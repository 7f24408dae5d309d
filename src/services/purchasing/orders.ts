import type { Ctx } from '../../context.js';
import type { PurchaseOrderDoc } from '../../db/models/purchasing-order.model.js';
import type { PaymentTerms } from '../../domain/purchasing-payables.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { newId } from '../../ids.js';
import { appendEvents } from '../events.js';
import { buildPoLines, type PoLineInput } from './po-lines.js';
import { type Actor, assertSameRequest, fingerprint, keyedId, loadSupplier } from './common.js';

export type { PoLineInput };

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
  const lines = await buildPoLines(ctx, sellerId, supplier, input);
  const now = ctx.now();
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
