import { createHash } from 'node:crypto';

/** An access/refresh token pair and when the access token expires (ms since epoch, 0 when unknown). */
export interface ShopeeTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/**
 * Where refreshed tokens go. Shopee rotates the refresh token on every refresh, so the pair must outlive the
 * connector instance. The hub's contract (ShopAccess/ConnectorDeps) has no way to hand them back, so this
 * module keeps them in process memory by default; the composition root can install a persistent store
 * (encrypting what it writes) with `configureShopeeTokenStore`.
 */
export interface ShopeeTokenStore {
  get(key: string): Promise<StoredTokens | undefined>;
  set(key: string, value: StoredTokens): Promise<void>;
}

/** A refreshed pair plus a fingerprint of the refresh token it descends from (the one in the shop's credentials). */
export interface StoredTokens extends ShopeeTokens {
  origin: string;
}

class MemoryTokenStore implements ShopeeTokenStore {
  private readonly map = new Map<string, StoredTokens>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: StoredTokens) {
    this.map.set(key, value);
  }
}

let store: ShopeeTokenStore = new MemoryTokenStore();

export function configureShopeeTokenStore(s: ShopeeTokenStore): void {
  store = s;
}

export function tokenStore(): ShopeeTokenStore {
  return store;
}

/** A fingerprint that ties refreshed tokens to the credentials they came from, without keeping the secret itself as a key. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 24);
}
