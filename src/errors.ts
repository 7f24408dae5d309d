/** The one error catalogue: stable code → HTTP status and whether a retry may help. */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, retryable: false },
  UNAUTHENTICATED: { status: 401, retryable: false },
  FORBIDDEN: { status: 403, retryable: false },
  NOT_FOUND: { status: 404, retryable: false },
  ROUTE_NOT_FOUND: { status: 404, retryable: false },
  CONFLICT: { status: 409, retryable: false },
  DUPLICATE: { status: 409, retryable: false },
  ORDER_NOT_SHIPPABLE: { status: 409, retryable: false },
  ORDER_NOT_RELEASABLE: { status: 409, retryable: false },
  ORDER_NOT_CANCELLABLE: { status: 409, retryable: false },
  ORDER_INTERCEPTED: { status: 409, retryable: false },
  ORDER_NOT_PICKABLE: { status: 409, retryable: false },
  INSUFFICIENT_STOCK: { status: 409, retryable: false },
  IDEMPOTENCY_KEY_REUSED: { status: 409, retryable: false },
  UNKNOWN_SKU: { status: 422, retryable: false },
  UNKNOWN_WAREHOUSE: { status: 422, retryable: false },
  UNKNOWN_COURIER: { status: 422, retryable: false },
  UNKNOWN_SHOP: { status: 422, retryable: false },
  INVALID_RULE: { status: 422, retryable: false },
  RULE_VERSION_CONFLICT: { status: 409, retryable: false },
  UNKNOWN_SUPPLIER: { status: 422, retryable: false },
  PO_STATUS_CONFLICT: { status: 409, retryable: false },
  OVER_RECEIPT: { status: 422, retryable: false },
  INVALID_RECEIPT: { status: 422, retryable: false },
  RETURN_EXCEEDS_REJECTED: { status: 422, retryable: false },
  PAYMENT_EXCEEDS_PAYABLE: { status: 422, retryable: false },
  CURRENCY_MISMATCH: { status: 422, retryable: false },
  INVENTORY_INVALID_STATE: { status: 409, retryable: false },
  INVENTORY_OVER_QUANTITY: { status: 409, retryable: false },
  INVENTORY_NOT_IN_DOCUMENT: { status: 422, retryable: false },
  INVENTORY_LOT_SHORT: { status: 409, retryable: false },
  UNSUPPORTED_PLATFORM: { status: 422, retryable: false },
  EGRESS_REFUSED: { status: 422, retryable: false },
  INVALID_SIGNATURE: { status: 401, retryable: false },
  WEBHOOK_TOO_OLD: { status: 400, retryable: false },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false },
  RATE_LIMITED: { status: 429, retryable: true },
  CONNECTOR_AUTH_FAILED: { status: 502, retryable: false },
  CONNECTOR_FAILED: { status: 502, retryable: true },
  STORE_UNAVAILABLE: { status: 503, retryable: true },
  SERVICE_UNAVAILABLE: { status: 503, retryable: true },
  INTERNAL: { status: 500, retryable: true },
  UNKNOWN_QUERY_PARAMETER: { status: 400, retryable: false },
  URI_TOO_LONG: { status: 414, retryable: false },
  HEADERS_TOO_LARGE: { status: 431, retryable: false },
  REQUEST_TIMEOUT: { status: 408, retryable: true },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  AUTH_LOCKED_OUT: { status: 429, retryable: true },
  WEBHOOK_URL_REFUSED: { status: 422, retryable: false },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
    this.retryable = errorCatalogue[code].retryable;
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} not found`);

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** True when an unordered bulk insert failed only because some documents already existed. */
export function isOnlyDuplicateKeyErrors(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] } | null)?.writeErrors;
  if (writeErrors && writeErrors.length > 0) return writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
  return isDuplicateKeyError(err);
}

export type Dependency = 'store' | 'redis';

const storeErrorNames = new Set(['MongoServerSelectionError', 'MongooseServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError']);
const redisErrorMessages = [/Stream isn't writeable/, /Connection is closed/, /enableOfflineQueue/, /Reached the max retries per request limit/, /Command timed out/];

/** Which dependency an error says is down (the store's driver or ioredis failing fast), if any: answered 503 SERVICE_UNAVAILABLE. */
export function unavailableDependency(err: unknown): Dependency | undefined {
  if (!(err instanceof Error)) return undefined;
  if (storeErrorNames.has(err.name) || /buffering timed out/.test(err.message)) return 'store';
  if (err.name === 'MaxRetriesPerRequestError' || redisErrorMessages.some((r) => r.test(err.message))) return 'redis';
  return undefined;
}
