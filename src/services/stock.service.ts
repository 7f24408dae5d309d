import type { Ctx } from '../context.js';
import { movementDeltas } from '../domain/stock.js';
import { AppError } from '../errors.js';
import { markStockDirty } from './stock-push-trigger.js';

export interface AdjustmentInput {
  warehouseCode: string;
  skuCode: string;
  mode: 'delta' | 'set';
  quantity: number;
  reason: string;
  idempotencyKey: string;
}

/**
 * A manual stock adjustment (delta or set onHand). The client's idempotency key makes a retry answer the
 * first result; reusing a key for a different adjustment is refused.
 */
export async function adjustStock(ctx: Ctx, sellerId: string, input: AdjustmentInput) {
  const [warehouse, sku] = await Promise.all([
    ctx.models.Warehouse.findOne({ sellerId, code: input.warehouseCode }).lean(),
    ctx.models.Sku.findOne({ sellerId, code: input.skuCode }).lean(),
  ]);
  if (!warehouse) throw new AppError('UNKNOWN_WAREHOUSE', `warehouse ${input.warehouseCode} does not exist`);
  if (!sku) throw new AppError('UNKNOWN_SKU', `sku ${input.skuCode} does not exist`);
  if (input.mode === 'set' && input.quantity < 0) throw new AppError('VALIDATION_FAILED', 'quantity for mode "set" must be ≥ 0');
  const fingerprint = `${input.mode}:${input.quantity}:${input.reason}`;
  const outcome = await ctx.ledger.apply({
    sellerId,
    warehouseId: warehouse._id,
    skuCode: sku.code,
    type: 'adjust',
    key: `adj:${sellerId}:${input.idempotencyKey}`,
    reason: fingerprint,
    reference: { kind: 'adjustment', id: input.idempotencyKey },
    delta: input.mode === 'delta' ? movementDeltas.adjust(input.quantity) : (cur) => movementDeltas.adjust(input.quantity - cur.onHand),
  });
  if (outcome.status === 'refused') {
    throw new AppError('INSUFFICIENT_STOCK', `adjustment would leave ${sku.code} in ${warehouse.code} below what is on hand or reserved`, {
      onHand: outcome.current.onHand, reserved: outcome.current.reserved,
    });
  }
  const e = outcome.entry;
  if (outcome.status === 'already_applied' && (e.reason !== fingerprint || e.skuCode !== sku.code || e.warehouseId !== warehouse._id)) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} was used for a different adjustment`);
  }
  if (outcome.status === 'applied') await markStockDirty(ctx, sellerId, [sku.code]);
  return {
    replayed: outcome.status === 'already_applied',
    movement: { id: e._id, skuCode: e.skuCode, warehouseCode: warehouse.code, onHandDelta: e.onHandDelta, onHandAfter: e.onHandAfter, reservedAfter: e.reservedAfter, at: e.at },
  };
}
