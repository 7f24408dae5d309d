import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/schema.js';
import { AppError } from '../errors.js';

export interface ApiLimits {
  windowSeconds: number;
  perKey: number;
  perIp: number;
  adminPerIp: number;
  adminLockoutFailures: number;
  apiKeyLockoutFailures: number;
  lockoutSeconds: number;
}

export const defaultApiLimits: ApiLimits = {
  windowSeconds: 60, perKey: 600, perIp: 120, adminPerIp: 30, adminLockoutFailures: 10, apiKeyLockoutFailures: 100, lockoutSeconds: 900,
};

export function apiLimitsFrom(c: Pick<Config, 'RATE_LIMIT_WINDOW_SECONDS' | 'RATE_LIMIT_PER_KEY' | 'RATE_LIMIT_PER_IP' | 'RATE_LIMIT_ADMIN_PER_IP' | 'ADMIN_LOCKOUT_FAILURES' | 'ADMIN_LOCKOUT_SECONDS' | 'API_KEY_LOCKOUT_FAILURES'>): ApiLimits {
  return {
    windowSeconds: c.RATE_LIMIT_WINDOW_SECONDS, perKey: c.RATE_LIMIT_PER_KEY, perIp: c.RATE_LIMIT_PER_IP, adminPerIp: c.RATE_LIMIT_ADMIN_PER_IP,
    adminLockoutFailures: c.ADMIN_LOCKOUT_FAILURES, apiKeyLockoutFailures: c.API_KEY_LOCKOUT_FAILURES, lockoutSeconds: c.ADMIN_LOCKOUT_SECONDS,
  };
}

/** Liveness/readiness probes are polled by the platform, not by users: never limited. */
const unlimited = new Set(['/healthz', '/readyz']);

/**
 * The bucket of a request. Authentication runs first (onRequest), so a request that reaches the limiter
 * with a seller is counted against its API key (by hash: the key itself never goes to Redis); admin calls
 * and every unauthenticated route are counted per IP.
 */
export function rateLimitKey(req: FastifyRequest): string {
  if (req.seller) {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return `key:${createHash('sha256').update(m?.[1] ?? req.seller._id).digest('base64url').slice(0, 32)}`;
  }
  if (req.headers['x-admin-token'] !== undefined) return `admin:${req.ip}`;
  return `ip:${req.ip}`;
}

/** Registers @fastify/rate-limit on every route registered after it, with Redis as the shared store. */
export async function registerRateLimit(app: FastifyInstance, redis: Redis, prefix: string, limits: ApiLimits): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    redis,
    nameSpace: `${prefix}:ratelimit:`,
    timeWindow: limits.windowSeconds * 1000,
    keyGenerator: rateLimitKey,
    max: (_req, key) => (key.startsWith('key:') ? limits.perKey : key.startsWith('admin:') ? limits.adminPerIp : limits.perIp),
    allowList: (req) => unlimited.has(req.url.split('?')[0]!),
    // A Redis outage must not turn every request into a 500: the routes that need Redis answer for themselves.
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError('RATE_LIMITED', `rate limit of ${ctx.max} requests per ${limits.windowSeconds} s exceeded; retry in ${seconds} s`, { limit: ctx.max, retryAfterSeconds: seconds });
    },
  });
}
