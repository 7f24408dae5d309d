import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { notFound } from '../errors.js';
import { sellerOf } from './auth.js';

/** Documents whose writers take a Redis lock keyed by the document id alone (order:<id>, po:<id>, ...). */
const owned = {
  order: (ctx: Ctx) => ctx.models.Order,
  ticket: (ctx: Ctx) => ctx.models.InventoryTicket,
  stocktake: (ctx: Ctx) => ctx.models.InventoryStocktake,
  transfer: (ctx: Ctx) => ctx.models.InventoryTransfer,
  rule: (ctx: Ctx) => ctx.models.Rule,
  'purchase order': (ctx: Ctx) => ctx.models.PurchaseOrder,
  supplier: (ctx: Ctx) => ctx.models.Supplier,
} as const;
export type OwnedKind = keyof typeof owned;

interface SellerScoped { findById(id: string, projection: object): { lean<T>(): PromiseLike<T | null> } }

/**
 * 404 unless the document exists and belongs to the seller: checked BEFORE any lock is taken, so another
 * seller flooding an id they do not own never holds (or waits on) the owner's lock.
 */
export async function assertOwned(ctx: Ctx, kind: OwnedKind, sellerId: string, id: string): Promise<void> {
  const model = owned[kind](ctx) as unknown as SellerScoped;
  // By `_id` alone (the only index the store uses), then compared: the same read the locked path does.
  const doc = await model.findById(id, { sellerId: 1 }).lean<{ sellerId?: string }>();
  if (!doc || doc.sellerId !== sellerId) throw notFound(kind, id);
}

/** preHandler of a route whose `:id` is a document of `kind`: ownership before the handler takes its lock. */
export function ownsParam(ctx: Ctx, kind: OwnedKind) {
  return async (req: FastifyRequest): Promise<void> => {
    const id = (req.params as { id?: unknown }).id;
    await assertOwned(ctx, kind, sellerOf(req)._id, typeof id === 'string' ? id : '');
  };
}
