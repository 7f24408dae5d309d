import type { Ctx } from '../../context.js';
import type { TransferDoc } from '../../db/models/inventory-transfer.model.js';
import { mergeLines } from '../../domain/inventory-transfer.js';
import { AppError, isDuplicateKeyError, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { appendEvents } from '../events.js';
import { idFromKey, requireSkus, warehouseByCode, withDocLock } from './common.js';

export interface TransferInput {
  fromWarehouseCode: string;
  toWarehouseCode: string;
  lines: { skuCode: string; quantity: number }[];
  note?: string;
  idempotencyKey?: string;
}

export async function loadTransfer(ctx: Ctx, sellerId: string, id: string): Promise<TransferDoc> {
  const t = await ctx.models.InventoryTransfer.findOne({ _id: id, sellerId }).lean<TransferDoc>();
  if (!t) throw notFound('transfer', id);
  return t;
}

/** A draft transfer order; with an idempotency key a retried create answers the first one. */
export async function createTransfer(ctx: Ctx, sellerId: string, by: string, input: TransferInput): Promise<{ transfer: TransferDoc; replayed: boolean }> {
  if (input.fromWarehouseCode === input.toWarehouseCode) throw new AppError('VALIDATION_FAILED', 'a transfer needs two different warehouses');
  const [from, to] = await Promise.all([warehouseByCode(ctx, sellerId, input.fromWarehouseCode), warehouseByCode(ctx, sellerId, input.toWarehouseCode)]);
  const lines = mergeLines(input.lines);
  await requireSkus(ctx, sellerId, lines.map((l) => l.skuCode));
  const now = ctx.now();
  const doc: TransferDoc = {
    _id: input.idempotencyKey ? idFromKey('trf', sellerId, input.idempotencyKey) : newId('trf', now),
    sellerId, fromWarehouseId: from._id, toWarehouseId: to._id, status: 'draft',
    lines: lines.map((l) => ({ ...l, shipped: 0, received: 0, discrepancy: 0 })),
    receipts: [], discrepancies: [], note: input.note, shipAttempt: 0, createdBy: by, createdAt: now, updatedAt: now,
  };
  try {
    await ctx.models.InventoryTransfer.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const first = await loadTransfer(ctx, sellerId, doc._id);
    if (first.fromWarehouseId !== from._id || first.toWarehouseId !== to._id || JSON.stringify(first.lines.map((l) => [l.skuCode, l.quantity])) !== JSON.stringify(lines.map((l) => [l.skuCode, l.quantity]))) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} was used for a different transfer`);
    }
    return { transfer: first, replayed: true };
  }
  await appendEvents(ctx.models, [{ _id: `transfer.created:${doc._id}`, sellerId, type: 'transfer.created', subject: { kind: 'transfer', id: doc._id }, data: { from: from.code, to: to.code, by } }], now);
  return { transfer: doc, replayed: false };
}

export async function cancelTransfer(ctx: Ctx, sellerId: string, id: string, by: string): Promise<TransferDoc> {
  return withDocLock(ctx, `transfer:${id}`, async () => {
    const t = await loadTransfer(ctx, sellerId, id);
    if (t.status === 'cancelled') return t;
    if (t.status !== 'draft') throw new AppError('INVENTORY_INVALID_STATE', `transfer ${id} is ${t.status}: only a draft can be cancelled`);
    const now = ctx.now();
    await ctx.models.InventoryTransfer.updateOne({ _id: id }, { $set: { status: 'cancelled', closedBy: by, closedAt: now, updatedAt: now } });
    return { ...t, status: 'cancelled', closedBy: by, closedAt: now, updatedAt: now };
  });
}
