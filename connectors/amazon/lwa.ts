import { createHash } from 'node:crypto';
import { ConnectorError } from '../errors.js';
import { createHttpClient, parseRetryAfter, send } from '../http.js';
import type { ConnectorDeps } from '../types.js';
import { throttleKey } from './operations.js';
import { amazonOperations } from './operations.js';
import { lwaErrorSchema, lwaTokenSchema } from './schemas.js';

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
/** Refresh this long before the token's stated expiry, so a call never goes out with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

export interface LwaCredentials {
  lwaClientId: string;
  lwaClientSecret: string;
  refreshToken: string;
  lwaTokenUrl?: string;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Access tokens live in process memory only, keyed by a hash of the grant (never by the secret itself). */
const tokenCache = new Map<string, CachedToken>();

export const clearLwaTokenCache = (): void => tokenCache.clear();

/**
 * Login with Amazon: exchanges the seller's refresh token for a 1-hour access token (form-encoded
 * `grant_type=refresh_token&refresh_token&client_id&client_secret`) and caches it until shortly before expiry.
 * invalid_grant / invalid_client / unauthorized_client → ConnectorError('auth'): the shop must be re-authorised.
 */
export class LwaTokenProvider {
  private readonly cacheKey: string;
  private readonly url: string;

  constructor(private readonly shopId: string, private readonly creds: LwaCredentials, private readonly deps: ConnectorDeps) {
    this.url = creds.lwaTokenUrl ?? LWA_TOKEN_URL;
    this.cacheKey = createHash('sha256').update(`${this.url}\n${creds.lwaClientId}\n${creds.refreshToken}`).digest('hex');
  }

  async accessToken(): Promise<string> {
    const cached = tokenCache.get(this.cacheKey);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > this.deps.now().getTime()) return cached.token;
    return this.refresh();
  }

  /** Drops the cached token (the API said it expired or was revoked) so the next call exchanges again. */
  invalidate(token: string): void {
    if (tokenCache.get(this.cacheKey)?.token === token) tokenCache.delete(this.cacheKey);
  }

  private async refresh(): Promise<string> {
    await this.deps.limiter.acquire(throttleKey(this.shopId, 'lwaToken'), amazonOperations.lwaToken);
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: this.creds.refreshToken,
      client_id: this.creds.lwaClientId,
      client_secret: this.creds.lwaClientSecret,
    });
    const http = createHttpClient({ baseURL: this.url, timeoutMs: 10_000, egress: this.deps.egress });
    const res = await send(() => http.post('', form.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } }));
    if (res.status === 200) {
      const ok = lwaTokenSchema.safeParse(res.data);
      if (!ok.success) throw new ConnectorError('invalid_payload', `LWA token response: ${ok.error.issues[0]?.path.join('.') || '(root)'} ${ok.error.issues[0]?.message}`);
      tokenCache.set(this.cacheKey, { token: ok.data.access_token, expiresAt: this.deps.now().getTime() + ok.data.expires_in * 1000 });
      this.deps.log.debug({ shopId: this.shopId, expiresIn: ok.data.expires_in }, 'amazon LWA access token refreshed');
      return ok.data.access_token;
    }
    const err = lwaErrorSchema.safeParse(res.data);
    const code = err.success ? err.data.error : undefined;
    const text = `LWA token exchange: HTTP ${res.status}${code ? ` ${code}` : ''}${err.success && err.data.error_description ? `: ${err.data.error_description}` : ''}`;
    if (res.status === 429) throw new ConnectorError('rate_limited', text, { status: 429, platformCode: code, retryAfterMs: parseRetryAfter(res.headers['retry-after'], this.deps.now()) ?? 1000 });
    if (res.status >= 500) throw new ConnectorError('transient', text, { status: res.status, platformCode: code });
    if (code === 'invalid_request') throw new ConnectorError('invalid', text, { status: res.status, platformCode: code });
    throw new ConnectorError('auth', text, { status: res.status, platformCode: code });
  }
}
