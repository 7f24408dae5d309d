import { AppError } from '../errors.js';

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
