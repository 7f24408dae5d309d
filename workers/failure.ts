import { ConnectorError } from '../connectors/errors.js';
import { AppError, unavailableDependency } from '../src/errors.js';

/** A failure's classified cause, for one log line (no stack): what failed and whether a retry may help. */
export interface FailureCause {
  kind: string;
  message: string;
  retryable: boolean;
  status?: number;
  platformCode?: string;
}

export function failureCause(err: unknown): FailureCause | undefined {
  if (err instanceof ConnectorError) {
    return { kind: `connector.${err.kind}`, message: err.message, retryable: err.retryable, ...(err.opts.status ? { status: err.opts.status } : {}), ...(err.opts.platformCode ? { platformCode: err.opts.platformCode } : {}) };
  }
  if (err instanceof AppError) return { kind: err.code, message: err.message, retryable: err.retryable };
  const down = unavailableDependency(err);
  if (down) return { kind: `${down}_unavailable`, message: (err as Error).message, retryable: true };
  if (err instanceof Error && err.name === 'UnrecoverableError') return { kind: 'unrecoverable', message: err.message, retryable: false };
  if (err instanceof Error && err.name === 'LockTimeoutError') return { kind: 'busy', message: err.message, retryable: true };
  return undefined; // not classified: a bug, worth its stack trace
}
