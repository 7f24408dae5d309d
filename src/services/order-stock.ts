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

/** Reservation keys an allocation attempt will use: written on the order before they are applied. */
export function reservationKeys(o: { orderId: string; seq: number; warehouseId: string }, skuCodes: Iterable<string>): string[] {
  return [...skuCodes].map((sku) => `res:${o.orderId}:${o.seq}:${o.warehouseId}:${sku}`);
}

/** Records on the order (under its lock) that these keys are about to reserve stock, with the attempt number. */
export async function journalReservations(ctx: Ctx, orderId: string, seq: number, keys: readonly string[]): Promise<void> {
  await ctx.models.Order.updateOne({ _id: orderId }, { $set: { allocationSeq: seq }, $addToSet: { stockKeys: { $each: [...keys] } } });
}

/**
 * Releases every reservation the order's journal (`stockKeys`) names that the ledger shows as applied and
 * neither released nor deducted — except `keep` (the reservations an allocated order holds on purpose).
 * This returns what a crashed attempt reserved but never recorded on the order. Keys found closed or never
 * applied leave the journal. Every lookup is by key (`_id`), never a scan of the ledger. Caller holds the lock.
 */
export async function releaseHeld(
  ctx: Ctx,
  order: { _id: string; sellerId: string; stockKeys?: string[] },
  keep: readonly Reservation[] = [],
  /** fresh: the caller's copy was just loaded under the lock (else the journal is re-read: a write made under the
   *  same lock may be newer); closed: reservations the caller has just deducted, dropped from the journal unlooked. */
  opts: { fresh?: boolean; closed?: readonly Reservation[] } = {},
): Promise<{ released: number }> {
  const kept = new Set(keep.map((r) => r.key));
  const done: string[] = (opts.closed ?? []).map((r) => r.key);
  const known = new Set(done);
  const held: Reservation[] = [];
  const journal = opts.fresh ? (order.stockKeys ?? []) : ((await ctx.models.Order.findById(order._id, { stockKeys: 1 }).lean())?.stockKeys ?? order.stockKeys ?? []);
  for (const key of journal) {
    if (kept.has(key) || known.has(key)) continue;
    const reserve = await ctx.ledger.findByKey(key);
    const closed = !reserve || (await ctx.ledger.isApplied(`rel:${key}`)) || (await ctx.ledger.isApplied(`ded:${key}`));
    if (closed) done.push(key);
    else held.push({ warehouseId: reserve.warehouseId, skuCode: reserve.skuCode, quantity: reserve.reservedDelta, key });
  }
  if (held.length > 0) await releaseAll(ctx, order.sellerId, order._id, held);
  const drop = new Set([...done, ...held.map((h) => h.key)]);
  // $set of the remainder, not $pull with $in (FerretDB 1.x ignores that form); safe under the order lock.
  if (drop.size > 0) await ctx.models.Order.updateOne({ _id: order._id }, { $set: { stockKeys: journal.filter((k) => !drop.has(k)) } });
  return { released: held.length };
}

async function applyOrFail(ctx: Ctx, ms: Parameters<Ctx['ledger']['applyMany']>[0]): Promise<void> {
  const outcomes = await ctx.ledger.applyMany(ms);
  const refused = ms.filter((_, i) => outcomes[i]!.status === 'refused');
  if (refused.length > 0) {
    // Releasing or deducting a reservation the level holds cannot be refused unless the ledger was tampered with.
    throw new Error(`stock movement refused: ${refused.map((m) => m.key).join(', ')}`);
  }
}
