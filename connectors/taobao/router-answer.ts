import type { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { describeIssue } from '../payload.js';
import { parseJsonKeepingBigInts } from './json.js';

/**
 * Reads the answer of a TOP-style router (Taobao TOP, Pinduoduo): JSON text with 64-bit ids kept exact, an
 * `error_response` classified by the platform's own codes, else the payload under `responseKey` validated.
 */
export function readRouterAnswer<E, T>(text: string, a: {
  label: string;
  api: string;
  responseKey: string;
  errorSchema: z.ZodType<{ error_response: E }>;
  classify: (e: E, api: string) => ConnectorError;
  schema: z.ZodType<T>;
}): T {
  let body: unknown;
  try {
    body = parseJsonKeepingBigInts(text);
  } catch {
    throw new ConnectorError('invalid_payload', `${a.label} ${a.api}: response is not JSON`);
  }
  const errBody = a.errorSchema.safeParse(body);
  if (errBody.success) throw a.classify(errBody.data.error_response, a.api);
  const inner = (body as Record<string, unknown> | null)?.[a.responseKey];
  if (inner === undefined) throw new ConnectorError('invalid_payload', `${a.label} ${a.api}: response has no ${a.responseKey}`);
  const parsed = a.schema.safeParse(inner);
  if (!parsed.success) throw new ConnectorError('invalid_payload', `${a.label} ${a.api}: unexpected response at ${describeIssue(parsed.error)}`);
  return parsed.data;
}
