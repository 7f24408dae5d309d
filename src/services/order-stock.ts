import type { Ctx } from '../context.js';
import type { Reservation } from '../domain/order.js';
import { movementDeltas } from '../domain/stock.js';

const ref = (orderId: string) => ({ kind: 'order', id: orderId });

/**
 * Reserves every SKU of an order in one warehouse. All or nothing: if any SKU is refused, what was
 * reserved in this attempt is released again. Keys are per order, allocation attempt, warehouse and SKU,
 * so a retried attempt re-finds its own reservations instead of making new ones.
 */
export async function reserveAll(
  ctx: Ctx,
  o: { sellerId: string; orderId: string; seq: number; warehouseId: string },
  need: ReadonlyMap<string, number>,
): Promise<Reservation[] | null> {
  const wanted: Reservation[] = [...need].map(([skuCode, quantity]) => ({
    warehouseId: o.warehouseId,
    skuCode,
    quantity,
    key: `res:${o.orderId}:${o.seq}:${o.warehouseId}:${skuCode}`,
  }));
  const outcomes = await ctx.ledger.applyMany(
    wanted.map((r) => ({
      sellerId: o.sellerId, warehouseId: r.warehouseId, skuCode: r.skuCode, type: 'reserve' as const,
      delta: movementDeltas.reserve(r.quantity), key: r.key, reference: ref(o.orderId),
    })),
  );
  if (outcomes.every((x) => x.status !== 'refused')) return wanted;
  await releaseAll(ctx, o.sellerId, o.orderId, wanted.filter((_, i) => outcomes[i]!.status !== 'refused'));
  return null;
}

export async function releaseAll(ctx: Ctx, sellerId: string, orderId: string, rs: readonly Reservation[]): Promise<void> {
  await applyOrFail(ctx, rs.map((r) => ({
    sellerId, warehouseId: r.warehouseId, skuCode: r.skuCode, type: 'release' as const,
    delta: movementDeltas.release(r.quantity), key: `rel:${r.key}`, reference: ref(orderId),
  })));
}

export async function deductAll(ctx: Ctx, sellerId: string, orderId: string, rs: readonly Reservation[]): Promise<void> {
  await applyOrFail(ctx, rs.map((r) => ({
    sellerId, warehouseId: r.warehouseId, skuCode: r.skuCode, type: 'deduct' as const,
    delta: movementDeltas.deduct(r.quantity), key: `ded:${r.key}`, reference: ref(orderId),
  })));
}

/**
 * Releases everything the ledger says an order still holds (reserve entries with no release or deduction),
 * except `keep`: the order's known reservations when cancelling, or reservations a crashed attempt left
 * behind. Also reports the highest allocation attempt the ledger has seen for the order, so that the next
 * attempt takes a fresh number and never re-finds a reservation key that was already released.
 */
export async function releaseHeld(ctx: Ctx, sellerId: string, orderId: string, keep: readonly Reservation[] = []): Promise<{ released: number; maxSeq: number }> {
  const entries = await ctx.models.StockMovement.find({ 'reference.kind': 'order', 'reference.id': orderId }, { key: 1, type: 1, warehouseId: 1, skuCode: 1, reservedDelta: 1 }).lean();
  const closed = new Set(entries.filter((e) => e.type !== 'reserve').map((e) => e.key.replace(/^(rel|ded):/, '')));
  const kept = new Set(keep.map((r) => r.key));
  const held = entries
    .filter((e) => e.type === 'reserve' && !closed.has(e.key) && !kept.has(e.key))
    .map((e) => ({ warehouseId: e.warehouseId, skuCode: e.skuCode, quantity: e.reservedDelta, key: e.key }));
  if (held.length > 0) await releaseAll(ctx, sellerId, orderId, held);
  const seqs = entries.filter((e) => e.type === 'reserve').map((e) => Number(e.key.split(':')[2]) || 0);
  return { released: held.length, maxSeq: Math.max(0, ...seqs) };
}

async function applyOrFail(ctx: Ctx, ms: Parameters<Ctx['ledger']['applyMany']>[0]): Promise<void> {
  const outcomes = await ctx.ledger.applyMany(ms);
  const refused = ms.filter((_, i) => outcomes[i]!.status === 'refused');
  if (refused.length > 0) {
    // Releasing or deducting a reservation the level holds cannot be refused unless the ledger was tampered with.
    throw new Error(`stock movement refused: ${refused.map((m) => m.key).join(', ')}`);
  }
}
