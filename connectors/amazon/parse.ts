import type { z } from 'zod';
import { parseRecord as parsePayloadRecord } from '../payload.js';

/** Parses one raw platform record; a missing or mistyped required field is invalid_payload naming the field. */
export const parseRecord = <T>(schema: z.ZodType<T>, value: unknown, what: string, idField: string): T => parsePayloadRecord('amazon', schema, value, what, idField);
