import type { ConnectorDefinition } from './definition.js';
import type { Platform } from './types.js';
import { definition as sandbox } from './sandbox/index.js';

/** Every platform the hub can connect, by name. */
export const connectorRegistry: Partial<Record<Platform, ConnectorDefinition<never>>> = {
  sandbox: sandbox as ConnectorDefinition<never>,
};

export function getDefinition(platform: Platform): ConnectorDefinition<never> | undefined {
  return connectorRegistry[platform];
}
