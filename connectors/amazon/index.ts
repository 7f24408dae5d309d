import { z } from 'zod';
import type { ConnectorDefinition } from '../definition.js';
import { AmazonConnector, type AmazonCredentials } from './connector.js';

export const amazonCredentialsSchema = z.strictObject({
  sellerId: z.string().min(1),
  marketplaceId: z.string().min(1),
  region: z.enum(['na', 'eu', 'fe']),
  lwaClientId: z.string().min(1),
  lwaClientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  lwaTokenUrl: z.url().optional(),
  piiAccess: z.boolean().optional(),
  productType: z.string().min(1).optional(),
});

export const definition: ConnectorDefinition<AmazonCredentials> = {
  platform: 'amazon',
  credentialsSchema: amazonCredentialsSchema,
  create: (access, deps) => new AmazonConnector(access, deps),
};
