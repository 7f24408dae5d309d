import type { z } from 'zod';
import { ConnectorError } from './errors.js';

/** The first problem zod found, as "path: message". */
export function describeIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
}

/**
 * Parses one record of a platform payload; a record missing a required field is refused as invalid_payload
 * naming the platform, the record (by its id field) and the field that failed. Unknown fields are the
 * schema's business (connectors use loose objects).
 */
export function parseRecord<T>(platform: string, schema: z.ZodType<T>, value: unknown, what: string, idField: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const id = value && typeof value === 'object' ? (value as Record<string, unknown>)[idField] : undefined;
  throw new ConnectorError('invalid_payload', `${platform} ${what} ${typeof id === 'string' || typeof id === 'number' ? String(id) : '?'}: ${describeIssue(r.error)}`);
}
