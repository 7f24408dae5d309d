import { ZodError } from 'zod';
import { ConnectorError } from './errors.js';
import type { QuarantinedRecord } from './types.js';

/** A field of a raw record as a string id (numbers and strings only), for naming a record that did not parse. */
export function rawId(raw: unknown, field: string): string | undefined {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
}

const isBadRecord = (e: unknown) => e instanceof ZodError || (e instanceof ConnectorError && e.kind === 'invalid_payload');

/**
 * Parses the records of one page one by one: a record that does not parse is set aside (kept raw, with the
 * error) and the rest of the page goes on. Transport and auth failures are not the record's fault: rethrown.
 */
export class RecordSieve {
  readonly quarantined: QuarantinedRecord[] = [];

  async take<T>(kind: QuarantinedRecord['kind'], raw: unknown, ids: { record?: string; order?: string }, parse: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await parse();
    } catch (e) {
      if (!isBadRecord(e)) throw e;
      const error = e instanceof ZodError ? (e.issues[0] ? `${e.issues[0].path.join('.') || '(root)'}: ${e.issues[0].message}` : 'invalid') : (e as Error).message;
      this.quarantined.push({ kind, platformRecordId: ids.record, platformOrderId: ids.order ?? (kind === 'order' ? ids.record : undefined), raw, error });
      return undefined;
    }
  }
}

export const present = <T>(v: T | undefined): v is T => v !== undefined;
