import type { z } from 'zod';
import type { Connector, ConnectorDeps, Platform, ShopAccess } from './types.js';

/** What each platform folder exports as `definition` from its index.ts. */
export interface ConnectorDefinition<C = unknown> {
  platform: Platform;
  /** Validates the credentials a seller submits when connecting a shop (unknown fields rejected). */
  credentialsSchema: z.ZodType<C>;
  create(access: ShopAccess<C>, deps: ConnectorDeps): Connector;
}
