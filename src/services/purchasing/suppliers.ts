import type { Ctx } from '../../context.js';
import { supplierPriceId, type SupplierPriceDoc } from '../../db/models/purchasing-supplier-price.model.js';
import type { SupplierDoc } from '../../db/models/purchasing-supplier.model.js';
import type { PaymentTerms } from '../../domain/purchasing-payables.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { newId } from '../../ids.js';
import { type Actor, loadSupplier, requireSkus } from './common.js';
import { bulkWriteChunked } from '../../db/bulk.js';

export interface SupplierInput {
  code: string;
  name: string;
  contact?: { name?: string; phone?: string; email?: string; address?: string };
  currency: string;
  paymentTerms: PaymentTerms;
  leadTimeDays: number;
  overReceiptTolerance?: number;
  notes?: string;
}

export async function createSupplier(ctx: Ctx, sellerId: string, input: SupplierInput, by: Actor): Promise<SupplierDoc> {
  const now = ctx.now();
  const doc = {
    _id: newId('sup', now), sellerId, contact: {}, overReceiptTolerance: 0, active: true, ...input,
    createdBy: by, updatedBy: by, createdAt: now, updatedAt: now,
  };
  try {
    await ctx.models.Supplier.create(doc);
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new AppError('DUPLICATE', `supplier with code ${input.code} already exists`, { code: input.code });
    throw err;
  }
  ctx.log.info({ sellerId, supplierId: doc._id }, 'supplier created');
  return loadSupplier(ctx, sellerId, doc._id);
}

export type SupplierPatch = Partial<Omit<SupplierInput, 'code'>> & { active?: boolean };

export async function updateSupplier(ctx: Ctx, sellerId: string, supplierId: string, patch: SupplierPatch, by: Actor): Promise<SupplierDoc> {
  return ctx.locks.withLock(`supplier:${supplierId}`, async () => {
    await loadSupplier(ctx, sellerId, supplierId);
    await ctx.models.Supplier.updateOne({ _id: supplierId, sellerId }, { $set: { ...patch, updatedBy: by, updatedAt: ctx.now() } });
    return loadSupplier(ctx, sellerId, supplierId);
  });
}

export interface PriceInput {
  skuCode: string;
  unitPriceMinor: number;
  minOrderQty?: number;
  supplierSku?: string;
}

/** Sets (upserts) the supplier's quoted prices for some SKUs; unknown SKUs refuse the whole request. */
export async function setSupplierPrices(ctx: Ctx, sellerId: string, supplierId: string, prices: readonly PriceInput[], by: Actor): Promise<SupplierPriceDoc[]> {
  const supplier = await loadSupplier(ctx, sellerId, supplierId);
  const codes = prices.map((p) => p.skuCode);
  if (new Set(codes).size !== codes.length) throw new AppError('VALIDATION_FAILED', 'a SKU appears twice in the price list');
  await requireSkus(ctx, sellerId, codes);
  const now = ctx.now();
  await bulkWriteChunked(ctx.models.SupplierPrice, prices.map((p) => ({
    updateOne: {
      filter: { _id: supplierPriceId(supplierId, p.skuCode) },
      update: {
        $set: { unitPriceMinor: p.unitPriceMinor, minOrderQty: p.minOrderQty ?? 1, supplierSku: p.supplierSku, currency: supplier.currency, updatedBy: by, updatedAt: now },
        $setOnInsert: { sellerId, supplierId, skuCode: p.skuCode },
      },
      upsert: true,
    },
  })));
  return ctx.models.SupplierPrice.find({ sellerId, supplierId }).sort({ skuCode: 1 }).lean<SupplierPriceDoc[]>();
}

export function supplierPrices(ctx: Ctx, sellerId: string, supplierId: string): Promise<SupplierPriceDoc[]> {
  return ctx.models.SupplierPrice.find({ sellerId, supplierId }).sort({ skuCode: 1 }).lean<SupplierPriceDoc[]>();
}
