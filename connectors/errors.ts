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
    readonly opts: {
      platformCode?: string;
      status?: number;
      retryAfterMs?: number;
      cause?: unknown;
      /**
       * The request may have reached the platform and been applied (timeout, reset after sending, 5xx): safe to
       * repeat for a read, never for a non-idempotent write until the platform's state has been read back.
       */
      ambiguous?: boolean;
    } = {},
  ) {
    // The message reaches logs and BullMQ failure reasons, and often quotes the platform's answer: scrub it.
    super(scrubSecrets(message).slice(0, 1000), { cause: opts.cause });
    this.name = 'ConnectorError';
    this.retryable = retryableKinds.has(kind);
  }
  get retryAfterMs(): number | undefined {
    return this.opts.retryAfterMs;
  }
  /** True when the platform may have applied the request although we got no answer saying so. */
  get ambiguous(): boolean {
    return this.opts.ambiguous === true;
  }
}

/** A failure after which a write may or may not have taken effect on the platform. */
export function isAmbiguous(err: unknown): err is ConnectorError {
  return err instanceof ConnectorError && err.ambiguous;
}
