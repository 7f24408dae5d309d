import type { z } from 'zod';
import { ConnectorError } from '../errors.js';

/** Parses one raw platform record; a missing or mistyped required field is invalid_payload naming the field. */
export function parseRecord<T>(schema: z.ZodType<T>, value: unknown, what: string, idField: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const id = value && typeof value === 'object' ? (value as Record<string, unknown>)[idField] : undefined;
  throw new ConnectorError('invalid_payload', `amazon ${what} ${typeof id === 'string' ? id : '?'}: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
}
