import { z } from 'zod';
import type { ConnectorDefinition } from '../definition.js';
import { WooCommerceConnector, type WooCommerceCredentials } from './connector.js';

export const definition: ConnectorDefinition<WooCommerceCredentials> = {
  platform: 'woocommerce',
  credentialsSchema: z.strictObject({
    consumerKey: z.string().regex(/^ck_\w+$/, 'a WooCommerce consumer key starts with ck_'),
    consumerSecret: z.string().regex(/^cs_\w+$/, 'a WooCommerce consumer secret starts with cs_'),
    webhookSecret: z.string().min(1).optional(),
    authMode: z.enum(['basic', 'query', 'oauth1']).optional(),
    tracking: z.enum(['extension', 'notes']).optional(),
  }),
  create: (access, deps) => new WooCommerceConnector(access, deps),
};
