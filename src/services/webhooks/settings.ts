import type { Ctx } from '../../context.js';
import { defaultDisableAfterMs, defaultRetryScheduleMs } from '../../domain/webhooks/retry-policy.js';

export interface WebhookSettings {
  allowPrivate: boolean;
  retryScheduleMs: number[];
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  disableAfterMs: number;
  pollMs: number;
  lookbackMs: number;
  concurrency: number;
  secretGraceSeconds: number;
}

/** The outgoing-webhook settings of the context's config, with the defaults of config/schema.ts. */
export function webhookSettings(ctx: Pick<Ctx, 'config'>): WebhookSettings {
  const c = ctx.config;
  return {
    allowPrivate: c.WEBHOOK_ALLOW_PRIVATE ?? false,
    retryScheduleMs: c.WEBHOOK_RETRY_SCHEDULE_MS ? c.WEBHOOK_RETRY_SCHEDULE_MS.split(',').map(Number) : defaultRetryScheduleMs,
    connectTimeoutMs: c.WEBHOOK_CONNECT_TIMEOUT_MS ?? 5_000,
    timeoutMs: c.WEBHOOK_TIMEOUT_MS ?? 15_000,
    maxResponseBytes: c.WEBHOOK_MAX_RESPONSE_BYTES ?? 64 * 1024,
    disableAfterMs: c.WEBHOOK_DISABLE_AFTER_MS ?? defaultDisableAfterMs,
    pollMs: c.WEBHOOK_POLL_MS ?? 250,
    lookbackMs: c.WEBHOOK_LOOKBACK_MS ?? 60_000,
    concurrency: c.WEBHOOK_CONCURRENCY ?? 16,
    secretGraceSeconds: c.WEBHOOK_SECRET_GRACE_SECONDS ?? 86_400,
  };
}
