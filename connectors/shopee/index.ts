import { z } from 'zod';
import type { ConnectorDefinition } from '../definition.js';
import { ShopeeConnector, type ShopeeCredentials } from './connector.js';

export { configureShopeeTokenStore, type ShopeeTokenStore, type StoredTokens } from './tokens.js';
export { exchangeShopeeCode, shopeeAuthUrl } from './oauth.js';

export const definition: ConnectorDefinition<ShopeeCredentials> = {
  platform: 'shopee',
  credentialsSchema: z.strictObject({
    partnerId: z.number().int().positive(),
    partnerKey: z.string().min(8),
    shopeeShopId: z.number().int().positive(),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    accessTokenExpiresAt: z.iso.datetime({ offset: true }).optional(),
    pushCallbackUrl: z.url().optional(),
  }),
  create: (access, deps) => new ShopeeConnector(access, deps),
};
