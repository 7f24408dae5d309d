import { z } from 'zod';
import { AppError } from '../errors.js';

/** The most items one page may hold, on every list route. */
export const MAX_PAGE_LIMIT = 200;

/** `cursor` + capped `limit`, for a list route's (strict) querystring. */
export const pageQueryFields = {
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(50),
};

/** Opaque cursor over (updatedAt, _id), stable while documents change. */
export function encodeCursor(updatedAt: Date, id: string): string {
  return Buffer.from(`${new Date(updatedAt).toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const updatedAt = new Date(at ?? '');
  if (!id || Number.isNaN(updatedAt.getTime())) throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
  return { updatedAt, id };
}

export function afterCursor(cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const c = decodeCursor(cursor);
  return { $or: [{ updatedAt: { $gt: c.updatedAt } }, { updatedAt: c.updatedAt, _id: { $gt: c.id } }] };
}

type SortValue = string | number | Date | null;
type Encoded = string | number | null | { d: string };
const enc = (v: SortValue): Encoded => (v instanceof Date ? { d: v.toISOString() } : v);
const dec = (v: Encoded): SortValue => (v !== null && typeof v === 'object' ? new Date(v.d) : v);

/**
 * Keyset pagination over any ascending sort ending in `_id` (e.g. ['priority', 'code', '_id']): the cursor
 * holds the last item's sort values; the next page is everything strictly after them.
 */
export function keyset(fields: readonly string[]) {
  const sort = Object.fromEntries(fields.map((f) => [f, 1 as const]));
  return {
    sort,
    /** The filter part selecting the items after `cursor`. */
    after(cursor: string | undefined): Record<string, unknown> {
      if (!cursor) return {};
      let values: SortValue[];
      try {
        const raw: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        if (!Array.isArray(raw) || raw.length !== fields.length) throw new Error('shape');
        values = (raw as Encoded[]).map(dec);
      } catch {
        throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
      }
      // (a > x) or (a = x and b > y) or (a = x and b = y and c > z) ...
      return {
        $or: fields.map((f, i) => ({
          ...Object.fromEntries(fields.slice(0, i).map((g, j) => [g, values[j]])),
          [f]: { $gt: values[i] },
        })),
      };
    },
    /** A page of `limit` + 1 fetched items → the page and the cursor of the next one (null at the end). */
    page<T extends object, V>(fetched: readonly T[], limit: number, view: (t: T) => V): { items: V[]; nextCursor: string | null } {
      const items = fetched.slice(0, limit);
      const last = items.at(-1);
      const nextCursor = fetched.length > limit && last
        ? Buffer.from(JSON.stringify(fields.map((f) => enc(((last as Record<string, unknown>)[f] ?? null) as SortValue)))).toString('base64url')
        : null;
      return { items: items.map(view), nextCursor };
    },
  };
}

/** Pagination of a list computed in memory (ranked or aggregated answers): the cursor is an offset. */
export function pageOfArray<V>(all: readonly V[], q: { cursor?: string; limit: number }): { items: V[]; nextCursor: string | null } {
  const m = q.cursor === undefined ? ['', '0'] : /^o:(\d{1,9})$/.exec(Buffer.from(q.cursor, 'base64url').toString('utf8'));
  const start = Number(m?.[1]);
  if (!m || !Number.isSafeInteger(start)) throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
  const items = all.slice(start, start + q.limit);
  const end = start + items.length;
  return { items, nextCursor: end < all.length ? Buffer.from(`o:${end}`).toString('base64url') : null };
}
