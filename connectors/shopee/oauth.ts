import { createHttpClient } from '../http.js';
import type { EgressHook } from '../types.js';
import { requestTokens, SHOPEE_LIVE_URL } from './client.js';
import { signRequest } from './signing.js';
import type { ShopeeTokens } from './tokens.js';

/** The URL a seller opens to authorise the app (valid 5 minutes); Shopee redirects back with `code` and `shop_id`. */
export function shopeeAuthUrl(o: { partnerId: number; partnerKey: string; redirect: string; now: Date; baseUrl?: string }): string {
  const path = '/api/v2/shop/auth_partner';
  const timestamp = Math.floor(o.now.getTime() / 1000);
  const q = new URLSearchParams({ partner_id: String(o.partnerId), timestamp: String(timestamp), sign: signRequest(o.partnerKey, o.partnerId, path, timestamp), redirect: o.redirect });
  return `${(o.baseUrl ?? SHOPEE_LIVE_URL).replace(/\/$/, '')}${path}?${q.toString()}`;
}

/**
 * Exchanges the single-use `code` (10 minutes) for the shop's first token pair: POST /api/v2/auth/token/get.
 * `egress` is the hub's egress policy (src/egress.ts), as for every other call: a custom `baseUrl` that resolves
 * to a refused address is never contacted.
 */
export function exchangeShopeeCode(o: { partnerId: number; partnerKey: string; code: string; shopeeShopId: number; now: () => Date; baseUrl?: string; egress?: EgressHook }): Promise<ShopeeTokens> {
  const http = createHttpClient({ baseURL: (o.baseUrl ?? SHOPEE_LIVE_URL).replace(/\/$/, ''), egress: o.egress });
  return requestTokens(http, o, '/api/v2/auth/token/get', { code: o.code, partner_id: o.partnerId, shop_id: o.shopeeShopId }, o.now);
}
