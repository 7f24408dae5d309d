import { z } from 'zod';

const intFromEnv = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/** Every setting the hub reads from the environment, in one place. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: intFromEnv(3000, 0),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('oms'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** 32 bytes, base64 or hex, used for AES-256-GCM encryption of shop credentials. */
  CREDENTIALS_KEY: z.string().refine((v) => decodeKey(v) !== null, 'must be 32 bytes, base64 or 64 hex characters'),
  SYNC_INTERVAL_SECONDS: intFromEnv(60, 5),
  SYNC_OVERLAP_SECONDS: intFromEnv(120, 0),
  SWEEP_INTERVAL_SECONDS: intFromEnv(30, 5),
  STOCK_PUSH_COALESCE_MS: intFromEnv(1000, 0),
  WORKER_CONCURRENCY: intFromEnv(4, 1),
  /** A worker process serves its own /metrics (admin token) on HOST:this port; unset: none (the API serves the shared gauges). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  /** API rate limits (Redis-backed, shared by every API process): requests per window. */
  RATE_LIMIT_WINDOW_SECONDS: intFromEnv(60, 1),
  RATE_LIMIT_PER_KEY: intFromEnv(600, 1),
  RATE_LIMIT_PER_IP: intFromEnv(120, 1),
  RATE_LIMIT_ADMIN_PER_IP: intFromEnv(30, 1),
  /** Wrong admin tokens from one IP before it is locked out, and for how long. */
  ADMIN_LOCKOUT_FAILURES: intFromEnv(10, 1),
  ADMIN_LOCKOUT_SECONDS: intFromEnv(900, 1),
  /** Wrong API keys from one IP (within the lock-out period) before it is locked out. */
  API_KEY_LOCKOUT_FAILURES: intFromEnv(100, 1),
  /**
   * Egress policy for shops' API addresses (src/egress.ts). 1: any http(s) target, private and loopback
   * included: for tests and the embedded sandbox only, never in production.
   */
  ALLOW_PRIVATE_API_BASE_URLS: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  /** Hosts (exact, or *.suffix) an operator allows as custom API addresses, private ones included; comma-separated. */
  API_BASE_URL_HOSTS: z.string().default('').transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0)),
  /** Outgoing webhooks: private and loopback endpoint addresses are refused unless this is true. */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
  /** Delays before retries 1…n in ms, comma-separated (default: Svix's 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
  WEBHOOK_RETRY_SCHEDULE_MS: z.string().regex(/^\d+(,\d+)*$/, 'comma-separated milliseconds').optional(),
  WEBHOOK_CONNECT_TIMEOUT_MS: intFromEnv(5_000, 1),
  WEBHOOK_TIMEOUT_MS: intFromEnv(15_000, 1),
  WEBHOOK_MAX_RESPONSE_BYTES: intFromEnv(64 * 1024, 0),
  WEBHOOK_DISABLE_AFTER_MS: intFromEnv(5 * 24 * 3_600_000, 1),
  WEBHOOK_POLL_MS: intFromEnv(250, 10),
  WEBHOOK_LOOKBACK_MS: intFromEnv(60_000, 0),
  WEBHOOK_CONCURRENCY: intFromEnv(16, 1),
  WEBHOOK_SECRET_GRACE_SECONDS: intFromEnv(24 * 3_600, 0),
});

export type WebhookConfigKey = Extract<keyof z.infer<typeof configSchema>, `WEBHOOK_${string}`>;

export type Config = Readonly<z.infer<typeof configSchema>> & { readonly credentialsKey: Buffer };

export function decodeKey(v: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  const b = Buffer.from(v, 'base64');
  return b.length === 32 ? b : null;
}
