import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../services/inventory/common.js';
import { sellerOf } from '../auth.js';
import { afterCursor, encodeCursor } from '../pagination.js';

export const idParams = z.object({ id: z.string().min(1).max(200) });
export const qty = z.number().int().min(1).max(1_000_000_000);
export const code = z.string().trim().min(1).max(100);
export const listQuery = z.object({
  status: z.string().max(40).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();

/** The seller and who is acting (X-Actor header, else the API key's seller). */
export function who(req: FastifyRequest): { sellerId: string; by: string } {
  const sellerId = sellerOf(req)._id;
  return { sellerId, by: actorOf(req.headers, sellerId) };
}

/** Filter and page of a cursor list over (updatedAt, _id). */
export function pageFilter(sellerId: string, q: { status?: string; cursor?: string }, extra: Record<string, unknown> = {}) {
  return { sellerId, ...(q.status ? { status: q.status } : {}), ...extra, ...afterCursor(q.cursor) };
}

export function page<T extends { _id: string; updatedAt: Date }, V>(items: readonly T[], limit: number, view: (t: T) => V) {
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: last && items.length === limit ? encodeCursor(last.updatedAt, last._id) : null };
}
