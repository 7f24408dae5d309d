import { z } from 'zod';
import type { ConnectorDefinition } from '../definition.js';
import { SandboxConnector, type SandboxCredentials } from './connector.js';

export const definition: ConnectorDefinition<SandboxCredentials> = {
  platform: 'sandbox',
  credentialsSchema: z.strictObject({ apiKey: z.string().min(8), webhookSecret: z.string().min(8) }),
  create: (access, deps) => new SandboxConnector(access, deps),
};
