import { z } from 'zod';
import type { ConnectorDefinition } from '../definition.js';
import { ShopifyConnector, type ShopifyCredentials } from './connector.js';

export const shopifyCredentialsSchema = z.strictObject({
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i, 'expected <shop>.myshopify.com'),
  accessToken: z.string().min(8),
  webhookSecret: z.string().min(4),
  previousWebhookSecret: z.string().min(4).optional(),
  locationId: z.string().regex(/^(\d+|gid:\/\/shopify\/Location\/\d+)$/).optional(),
});

export const definition: ConnectorDefinition<ShopifyCredentials> = {
  platform: 'shopify',
  credentialsSchema: shopifyCredentialsSchema,
  create: (access, deps) => new ShopifyConnector(access, deps),
};
