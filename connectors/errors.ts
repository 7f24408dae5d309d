import { scrubSecrets } from './redact.js';

export type ConnectorErrorKind =
  | 'auth' // credentials rejected or expired: stop syncing the shop until re-authorised
  | 'rate_limited' // platform throttled us: retry after retryAfterMs
  | 'transient' // timeout, 5xx, network: retry with backoff
  | 'invalid' // the platform refused our request as malformed: do not retry
  | 'not_found'
  | 'invalid_payload' // the platform answered with something we cannot parse
  | 'invalid_signature'; // webhook signature did not verify

const retryableKinds: ReadonlySet<ConnectorErrorKind> = new Set(['rate_limited', 'transient']);

export class ConnectorError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly opts: { platformCode?: string; status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    // The message reaches logs and BullMQ failure reasons, and often quotes the platform's answer: scrub it.
    super(scrubSecrets(message).slice(0, 1000), { cause: opts.cause });
    this.name = 'ConnectorError';
    this.retryable = retryableKinds.has(kind);
  }
  get retryAfterMs(): number | undefined {
    return this.opts.retryAfterMs;
  }
}
