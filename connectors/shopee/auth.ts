import { ConnectorError } from '../errors.js';
import { fingerprint, tokenStore, type ShopeeTokens } from './tokens.js';

/** Refresh this long before the access token's stated expiry (it lives 4 h). */
const EARLY_REFRESH_MS = 5 * 60_000;
const inflight = new Map<string, Promise<ShopeeTokens>>();

export interface TokenSource {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt?: string;
}

/**
 * Hands out the shop's current access token, refreshing it (POST /api/v2/auth/access_token/get) when it is
 * about to expire or Shopee rejected it. One refresh per shop at a time in this process: Shopee rotates the
 * refresh token, so two concurrent refreshes would burn the pair.
 */
export interface RefreshGuard {
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** The pair as the shop's stored credentials hold it now. */
  reload(): Promise<ShopeeTokens | null>;
}

export class TokenKeeper {
  private readonly origin: string;
  /** The pair this keeper refreshed to, should the process store not keep it. */
  private fresh?: ShopeeTokens;

  constructor(
    private readonly key: string,
    private readonly creds: TokenSource,
    private readonly now: () => Date,
    private readonly exchange: (refreshToken: string) => Promise<ShopeeTokens>,
    /** Persists a refreshed pair with the shop's credentials (the hub's ConnectorDeps.saveCredentials), when given. */
    private readonly persist?: (fresh: ShopeeTokens) => Promise<void>,
    /** Across worker processes: one refresh per shop at a time, and the pair another process stored is adopted. */
    private readonly guard?: RefreshGuard,
  ) {
    this.origin = fingerprint(creds.refreshToken);
  }

  async current(): Promise<ShopeeTokens> {
    const t = await this.latest();
    if (t.expiresAt > 0 && this.now().getTime() >= t.expiresAt - EARLY_REFRESH_MS) return this.refresh(t);
    return t;
  }

  /** Replaces `stale` with a fresh pair (or returns the pair another call already refreshed it to). */
  async refresh(stale: ShopeeTokens): Promise<ShopeeTokens> {
    const latest = await this.latest();
    if (latest.accessToken !== stale.accessToken) return latest;
    const running = inflight.get(this.key);
    if (running) return running.then((t) => (this.fresh = t));
    const rotate = async (): Promise<ShopeeTokens> => {
      const fresh = await this.exchange(latest.refreshToken);
      // Kept in the process store too: the old pair is already burnt, so a failed save must not lose the new one here.
      this.fresh = fresh;
      await tokenStore().set(this.key, { ...fresh, origin: this.origin });
      if (this.persist) await this.persist(fresh);
      return fresh;
    };
    const guarded = this.guard
      ? this.guard.exclusive('shopee-token-refresh', async () => {
        const stored = await this.guard!.reload();
        if (stored && stored.refreshToken !== latest.refreshToken) {
          this.fresh = stored; // another process rotated the pair already: use it, do not burn it
          return stored;
        }
        return rotate();
      })
      : rotate();
    const p = guarded
      .catch((err: unknown) => {
        if (err instanceof ConnectorError && (err.kind === 'auth' || err.kind === 'invalid')) {
          throw new ConnectorError('auth', `shopee access token could not be refreshed; the shop must be re-authorised (${err.message})`, { platformCode: err.opts.platformCode, cause: err });
        }
        throw err;
      })
      .finally(() => inflight.delete(this.key));
    inflight.set(this.key, p);
    return p;
  }

  private async latest(): Promise<ShopeeTokens> {
    const stored = await tokenStore().get(this.key);
    if (stored && stored.origin === this.origin) return stored;
    if (this.fresh) return this.fresh;
    const exp = this.creds.accessTokenExpiresAt ? Date.parse(this.creds.accessTokenExpiresAt) : 0;
    return { accessToken: this.creds.accessToken, refreshToken: this.creds.refreshToken, expiresAt: Number.isNaN(exp) ? 0 : exp };
  }
}
