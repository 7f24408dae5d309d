import type { Redis } from 'ioredis';
import type { Config, WebhookConfigKey } from '../config/schema.js';
import type { Connector, RateLimiter } from '../connectors/types.js';
import type { Models } from './db/models.js';
import type { ShopDoc } from './db/models/shop.model.js';
import type { JobSink } from './jobs.js';
import type { Locks } from './locks.js';
import type { Logger } from './logger.js';
import type { StockLedger } from './services/stock-ledger.js';

/** Everything a service may use, built once by a composition root (src/main-*.ts) and passed down. */
export interface Ctx {
  config: Pick<Config, 'credentialsKey' | 'SYNC_OVERLAP_SECONDS' | 'STOCK_PUSH_COALESCE_MS' | 'QUEUE_PREFIX' | 'PUBLIC_URL' | 'ALLOW_PRIVATE_API_BASE_URLS' | 'API_BASE_URL_HOSTS'> & Partial<Pick<Config, WebhookConfigKey>>;
  models: Models;
  redis: Redis;
  jobs: JobSink;
  locks: Locks;
  ledger: StockLedger;
  limiter: RateLimiter;
  log: Logger;
  now: () => Date;
  /** Builds a shop's connector with its credentials decrypted for this use only. */
  connectorFor(shop: ShopDoc): Connector;
}
