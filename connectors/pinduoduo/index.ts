import { z } from 'zod';
import type { ConnectorDefinition } from '../definition.js';
import { PinduoduoConnector, type PinduoduoCredentials } from './connector.js';

export const definition: ConnectorDefinition<PinduoduoCredentials> = {
  platform: 'pinduoduo',
  credentialsSchema: z.strictObject({ clientId: z.string().min(1), clientSecret: z.string().min(8), accessToken: z.string().min(1) }),
  create: (access, deps) => new PinduoduoConnector(access, deps),
};
