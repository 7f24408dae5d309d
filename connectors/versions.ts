import type { Platform } from './types.js';

/**
 * The platform API versions every connector speaks, and their end of support, in one place.
 *
 * - Shopify: quarterly Admin API versions, each supported for at least 12 months; after that Shopify silently
 *   serves the oldest supported version instead (shopify.dev/docs/api/usage/versioning). 2026-10 → until 2027-10-01.
 * - WooCommerce: REST `wc/v3` (no announced end; v1/v2 stay deprecated but served).
 * - Amazon SP-API: versioned per operation (Orders v0, Finances v0, Listings Items 2021-08-01, Feeds 2021-06-30,
 *   Tokens 2021-03-01); Orders 2026-01-01 exists (searchOrders), no deprecation date for v0 is recorded here.
 * - Shopee Open Platform v2 (v1 retired); Taobao TOP `v=2.0`; Pinduoduo router `version` V1.
 *
 * `connector` is the version of OUR parser for the platform's records: bump it when a schema or mapper starts to
 * accept records it refused before; quarantined records of an older connector version are then parsed again.
 */
export interface ApiVersion {
  /** The API surface, e.g. `Admin GraphQL`, `orders` (Amazon operation group). */
  api: string;
  version: string;
  /** First day the platform no longer serves this version (ISO date); absent: no announced end. */
  endOfSupport?: string;
}

export interface PlatformVersions {
  connector: number;
  apis: ApiVersion[];
}

export const API_VERSIONS: Record<Platform, PlatformVersions> = {
  sandbox: { connector: 1, apis: [{ api: 'sandbox', version: 'v1' }] },
  shopify: { connector: 2, apis: [{ api: 'Admin GraphQL', version: '2026-10', endOfSupport: '2027-10-01' }] },
  woocommerce: { connector: 2, apis: [{ api: 'REST', version: 'wc/v3' }] },
  amazon: {
    connector: 2,
    apis: [
      { api: 'orders', version: 'v0' },
      { api: 'finances', version: 'v0' },
      { api: 'listings-items', version: '2021-08-01' },
      { api: 'feeds', version: '2021-06-30' },
      { api: 'tokens', version: '2021-03-01' },
    ],
  },
  taobao: { connector: 2, apis: [{ api: 'TOP router', version: '2.0' }] },
  shopee: { connector: 2, apis: [{ api: 'Open Platform', version: 'v2' }] },
  pinduoduo: { connector: 2, apis: [{ api: 'router', version: 'V1' }] },
};

/** The Shopify Admin API version the connector pins (the path segment `/admin/api/<version>/`). */
export const SHOPIFY_API_VERSION = API_VERSIONS.shopify.apis[0]!.version;

export const connectorVersion = (p: Platform): number => API_VERSIONS[p].connector;

export interface VersionWarning {
  platform: Platform;
  api: string;
  version: string;
  endOfSupport: string;
  daysLeft: number;
}

/** Pinned versions whose end of support is within `withinDays` of `now` (or already past). Pure. */
export function expiringVersions(now: Date, withinDays = 60, platforms: readonly Platform[] = Object.keys(API_VERSIONS) as Platform[]): VersionWarning[] {
  const out: VersionWarning[] = [];
  for (const platform of platforms) {
    for (const a of API_VERSIONS[platform].apis) {
      if (!a.endOfSupport) continue;
      const daysLeft = Math.floor((Date.parse(`${a.endOfSupport}T00:00:00Z`) - now.getTime()) / 86_400_000);
      if (daysLeft <= withinDays) out.push({ platform, api: a.api, version: a.version, endOfSupport: a.endOfSupport, daysLeft });
    }
  }
  return out;
}
