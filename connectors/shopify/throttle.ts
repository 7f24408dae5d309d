import type { Envelope } from './schemas.js';

export type GraphqlErrorKind = 'throttled' | 'auth' | 'transient' | 'invalid';

/** Classifies the `errors` of a GraphQL answer (HTTP 200) by their `extensions.code`. */
export function graphqlErrorKind(env: Envelope): GraphqlErrorKind | null {
  const errs = env.errors;
  if (errs === undefined) return null;
  if (!Array.isArray(errs)) return 'invalid';
  if (errs.length === 0) return null;
  const codes = errs.map((e) => e.extensions?.code ?? '');
  if (codes.includes('THROTTLED') || errs.some((e) => e.message === 'Throttled')) return 'throttled';
  if (codes.includes('ACCESS_DENIED') || codes.includes('UNAUTHORIZED')) return 'auth';
  if (codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('SERVICE_UNAVAILABLE')) return 'transient';
  return 'invalid';
}

/** The platform's own error text, for messages (REST-style `{"errors":"…"}` or GraphQL `errors[]`). */
export function describeErrors(env: Envelope | undefined): string {
  const errs = env?.errors;
  if (errs === undefined) return '';
  if (typeof errs === 'string') return errs;
  if (Array.isArray(errs)) return errs.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join('; ');
  return JSON.stringify(errs).slice(0, 300);
}

/**
 * How long until the bucket holds enough points for the query that was throttled:
 * (requested − currently available) / restore rate, from `extensions.cost`; at least 100 ms.
 */
export function throttleWaitMs(env: Envelope | undefined, fallbackCost: number, fallbackRestore: number): number {
  const c = env?.extensions?.cost;
  const requested = c?.requestedQueryCost ?? fallbackCost;
  const available = c?.throttleStatus?.currentlyAvailable ?? 0;
  const restore = c?.throttleStatus?.restoreRate ?? fallbackRestore;
  const ms = Math.ceil(((requested - available) / Math.max(restore, 1)) * 1000);
  return Math.max(100, ms);
}
