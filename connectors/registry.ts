import type { ConnectorDefinition } from './definition.js';
import type { Platform } from './types.js';
import { definition as amazon } from './amazon/index.js';
import { definition as pinduoduo } from './pinduoduo/index.js';
import { definition as sandbox } from './sandbox/index.js';
import { definition as shopee } from './shopee/index.js';
import { definition as shopify } from './shopify/index.js';
import { definition as taobao } from './taobao/index.js';
import { definition as woocommerce } from './woocommerce/index.js';

/** Every platform the hub can connect, by name. */
export const connectorRegistry: Partial<Record<Platform, ConnectorDefinition<never>>> = {
  sandbox: sandbox as ConnectorDefinition<never>,
  shopify: shopify as ConnectorDefinition<never>,
  amazon: amazon as ConnectorDefinition<never>,
  taobao: taobao as ConnectorDefinition<never>,
  pinduoduo: pinduoduo as ConnectorDefinition<never>,
  shopee: shopee as ConnectorDefinition<never>,
  woocommerce: woocommerce as ConnectorDefinition<never>,
};

export function getDefinition(platform: Platform): ConnectorDefinition<never> | undefined {
  return connectorRegistry[platform];
}
