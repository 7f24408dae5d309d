import { definition } from '../../../connectors/woocommerce/index.js';
import type { WooCommerceCredentials } from '../../../connectors/woocommerce/connector.js';
import type { Connector } from '../../../connectors/types.js';
import { RecordingLimiter, silentLog } from '../../helpers/fake-limiter.js';
import { makeOrder } from '../../fakes/woocommerce/fixtures.js';
import { FakeWooCommerce } from '../../fakes/woocommerce/server.js';

export interface WcHarness {
  fake: FakeWooCommerce;
  connector: Connector;
  limiter: RecordingLimiter;
  url: string;
}

export const SHOP_ID = 'shop-wc-1';

/** A fake site on 127.0.0.1 and a connector built through `definition` (credentials validated as the hub does). */
export async function startWc(opts: { https?: boolean; credentials?: Partial<WooCommerceCredentials>; secret?: string } = {}): Promise<WcHarness> {
  const fake = new FakeWooCommerce({ consumerKey: 'ck_test', consumerSecret: 'cs_test', https: opts.https });
  const url = await fake.start();
  const limiter = new RecordingLimiter();
  const credentials = definition.credentialsSchema.parse({ consumerKey: 'ck_test', consumerSecret: opts.secret ?? 'cs_test', webhookSecret: 'wh_secret_123', ...opts.credentials });
  const connector = definition.create({ shopId: SHOP_ID, platform: 'woocommerce', credentials, apiBaseUrl: url }, { now: () => fake.clock, limiter, log: silentLog });
  return { fake, connector, limiter, url };
}

/** `n` orders modified one second apart from `start` (ids from 1001). */
export function seedOrders(fake: FakeWooCommerce, n: number, start: Date, stepMs = 1000): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = 1001 + i;
    fake.orders.set(id, makeOrder(id, new Date(start.getTime() + i * stepMs)));
    out.push(id);
  }
  return out;
}

export async function pullAll<T>(pull: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string | null }>, maxPages = 50): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= maxPages; pages++) {
    const page = await pull(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (!cursor) return { items, pages };
  }
  throw new Error('pull did not finish');
}

export const listCalls = (fake: FakeWooCommerce) => fake.requests.filter((r) => r.path === '/wc/v3/orders' && r.method === 'GET');
