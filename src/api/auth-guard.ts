import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';

/**
 * Counts failed authentications per IP in Redis (shared by every API process) and locks the IP out once
 * `maxFailures` were seen within `lockSeconds`: while locked, even the right credential answers 429.
 * KEYS: failures counter, lock. ARGV: max failures, lock ms. Returns the lock's remaining ms (0: not locked).
 */
const FAIL = `
local n = redis.call('incr', KEYS[1])
if n == 1 then redis.call('pexpire', KEYS[1], ARGV[2]) end
if n >= tonumber(ARGV[1]) then
  redis.call('set', KEYS[2], '1', 'PX', ARGV[2])
  redis.call('del', KEYS[1])
  return tonumber(ARGV[2])
end
return 0
`;

export interface LockoutPolicy {
  /** 'admin' or 'api-key': separate counters. */
  kind: string;
  maxFailures: number;
  lockSeconds: number;
  /** The header that carries the credential: only a wrong credential counts as a failure, a missing one does not. */
  header: string;
}

export class AuthGuard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly policy: LockoutPolicy,
  ) {}

  /** Wraps an authentication hook: refused while the IP is locked out; each 401 counts towards a lock-out. */
  wrap(check: (req: FastifyRequest) => Promise<void>) {
    return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const lockedMs = await this.redis.pttl(this.lockKey(req.ip)).catch(() => -2);
      if (lockedMs > 0) this.refuse(reply, lockedMs);
      try {
        await check(req);
      } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED' && req.headers[this.policy.header] !== undefined) {
          const nowLocked = Number(await this.redis.eval(FAIL, 2, this.failKey(req.ip), this.lockKey(req.ip), this.policy.maxFailures, this.policy.lockSeconds * 1000).catch(() => 0));
          req.log.warn({ ip: req.ip, kind: this.policy.kind, lockedOut: nowLocked > 0 }, 'authentication failed');
        }
        throw err;
      }
    };
  }

  private refuse(reply: FastifyReply, ms: number): never {
    const seconds = Math.ceil(ms / 1000);
    void reply.header('retry-after', String(seconds));
    throw new AppError('AUTH_LOCKED_OUT', `too many failed authentications from this address; retry in ${seconds} s`, { retryAfterSeconds: seconds });
  }

  private failKey(ip: string) {
    return `${this.prefix}:authfail:${this.policy.kind}:${ip}`;
  }
  private lockKey(ip: string) {
    return `${this.prefix}:authlock:${this.policy.kind}:${ip}`;
  }
}
