import { z } from 'zod';
import type { ConnectorDefinition } from '../definition.js';
import { TaobaoConnector, type TaobaoCredentials } from './connector.js';

export const definition: ConnectorDefinition<TaobaoCredentials> = {
  platform: 'taobao',
  credentialsSchema: z.strictObject({
    appKey: z.string().min(1),
    appSecret: z.string().min(8),
    session: z.string().min(1),
    signMethod: z.enum(['md5', 'hmac', 'hmac-sha256']).optional(),
  }),
  create: (access, deps) => new TaobaoConnector(access, deps),
};
