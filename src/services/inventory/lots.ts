import type { Ctx } from '../../context.js';
import type { LotEntryDoc } from '../../db/models/inventory-lot.model.js';
import { lotBalances, pickFefo, type LotBalance } from '../../domain/inventory-lots.js';
import { movementDeltas } from '../../domain/stock.js';
import { AppError, isDuplicateKeyError } from '../../errors.js';
import { markStockDirty } from '../stock-push-trigger.js';
import { evaluateAlerts } from './alerts-evaluate.js';
import { ledgerHead, requireSkus, warehouseByCode, withDocLock } from './common.js';

export type LotEntryInput = Omit<LotEntryDoc, '_id' | 'at'>;

/**
 * Records a lot sub-ledger entry for stock the main ledger already moved (e.g. a purchase receipt line
 * that carries a lot). Its key is unique: a retry records it once.
 */
export async function recordLotEntry(ctx: Ctx, e: LotEntryInput): Promise<void> {
  const doc: LotEntryDoc = { _id: `lot:${e.key}`, ...e, at: ctx.now() };
  try {
    await ctx.models.InventoryLotEntry.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

export async function lotsOf(ctx: Ctx, sellerId: string, warehouseId: string, skuCode: string): Promise<LotBalance[]> {
  const entries = await ctx.models.InventoryLotEntry.find({ sellerId, warehouseId, skuCode }, { lotNumber: 1, expiresAt: 1, delta: 1 }).sort({ at: 1 }).lean();
  return lotBalances(entries);
}

export interface ReceiveLotInput {
  warehouseCode: string;
  skuCode: string;
  lotNumber: string;
  expiresAt: Date | null;
  quantity: number;
  idempotencyKey: string;
}

/** Puts stock of a lot into a warehouse: the main ledger first (the truth), then the lot sub-ledger. */
export async function receiveLot(ctx: Ctx, sellerId: string, by: string, input: ReceiveLotInput) {
  const w = await warehouseByCode(ctx, sellerId, input.warehouseCode);
  await requireSkus(ctx, sellerId, [input.skuCode]);
  const key = `lot-in:${sellerId}:${input.idempotencyKey}`;
  const out = await ctx.ledger.apply({
    sellerId, warehouseId: w._id, skuCode: input.skuCode, type: 'lot_in', delta: movementDeltas.adjust(input.quantity), key,
    reference: { kind: 'lot', id: input.lotNumber }, reason: `lot ${input.lotNumber} ×${input.quantity}`,
  });
  if (out.status === 'refused') throw new AppError('INSUFFICIENT_STOCK', 'the receipt was refused by the ledger');
  if (out.status === 'already_applied' && (out.entry.skuCode !== input.skuCode || out.entry.onHandDelta !== input.quantity || out.entry.reference.id !== input.lotNumber)) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} was used for a different lot receipt`);
  }
  await recordLotEntry(ctx, { sellerId, warehouseId: w._id, skuCode: input.skuCode, lotNumber: input.lotNumber, expiresAt: input.expiresAt, delta: input.quantity, key, reference: { kind: 'movement', id: out.entry._id }, by });
  if (out.status === 'applied') {
    await markStockDirty(ctx, sellerId, [input.skuCode]);
    await evaluateAlerts(ctx, sellerId, [input.skuCode]);
  }
  return { replayed: out.status === 'already_applied', movementId: out.entry._id, onHandAfter: out.entry.onHandAfter };
}

/** Lots of a SKU in a warehouse, with the part of on-hand stock that is in no lot. */
export async function lotView(ctx: Ctx, sellerId: string, warehouseCode: string, skuCode: string) {
  const w = await warehouseByCode(ctx, sellerId, warehouseCode);
  const [lots, head] = await Promise.all([lotsOf(ctx, sellerId, w._id, skuCode), ledgerHead(ctx, sellerId, w._id, skuCode)]);
  const inLots = lots.reduce((a, l) => a + l.quantity, 0);
  return { warehouseCode: w.code, skuCode, onHand: head.onHand, inLots, unlotted: head.onHand - inLots, lots: lots.filter((l) => l.quantity !== 0) };
}

/** FEFO suggestion: which lots to pick `quantity` from; expired lots are never suggested. */
export async function fefoSuggestion(ctx: Ctx, sellerId: string, warehouseCode: string, skuCode: string, quantity: number) {
  const w = await warehouseByCode(ctx, sellerId, warehouseCode);
  return pickFefo(await lotsOf(ctx, sellerId, w._id, skuCode), quantity, ctx.now());
}

/**
 * Records a FEFO pick in the lot sub-ledger (the main ledger moves when the order ships). Refused when
 * the unexpired lots cannot give the quantity; a retried pick (same key) is recorded once.
 */
export async function pickLots(ctx: Ctx, sellerId: string, by: string, input: { warehouseCode: string; skuCode: string; quantity: number; orderId?: string; idempotencyKey: string }) {
  const w = await warehouseByCode(ctx, sellerId, input.warehouseCode);
  return withDocLock(ctx, `lots:${w._id}:${input.skuCode}`, async () => {
    const key = `lot-pick:${sellerId}:${input.idempotencyKey}`;
    const done = await ctx.models.InventoryLotEntry.find({ key: { $regex: `^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:` } }).lean();
    if (done.length > 0) return { replayed: true, picks: done.map((d) => ({ lotNumber: d.lotNumber, expiresAt: d.expiresAt, quantity: -d.delta })) };
    const { picks, short } = pickFefo(await lotsOf(ctx, sellerId, w._id, input.skuCode), input.quantity, ctx.now());
    if (short > 0) throw new AppError('INVENTORY_LOT_SHORT', `unexpired lots of ${input.skuCode} in ${w.code} are ${short} short`, { short });
    for (const p of picks) {
      await recordLotEntry(ctx, {
        sellerId, warehouseId: w._id, skuCode: input.skuCode, lotNumber: p.lotNumber, expiresAt: p.expiresAt, delta: -p.quantity,
        key: `${key}:${p.lotNumber}`, reference: { kind: input.orderId ? 'order' : 'pick', id: input.orderId ?? input.idempotencyKey }, by,
      });
    }
    return { replayed: false, picks };
  });
}
