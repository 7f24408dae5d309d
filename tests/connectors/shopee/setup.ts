import { randomUUID } from 'node:crypto';
import { ShopeeConnector, type ShopeeCredentials } from '../../../connectors/shopee/connector.js';
import { startShopeeFake, type ShopeeFake } from '../../fakes/shopee/server.js';
import { RecordingLimiter } from '../../helpers/fake-limiter.js';

export const PARTNER_ID = 2_000_001;
export const PARTNER_KEY = 'test_partner_key';
export const SHOPEE_SHOP_ID = 600_000;
export const HUB_SHOP_ID = 'shop_shopee_1';

export interface Harness {
  fake: ShopeeFake;
  limiter: RecordingLimiter;
  connector: ShopeeConnector;
  creds: ShopeeCredentials;
  warnings: object[];
}

/** A fresh fake Shopee and a connector pointed at it (unique tokens per harness, so refreshed pairs never leak between tests). */
export async function harness(over: Partial<ShopeeCredentials> = {}): Promise<Harness> {
  const accessToken = `access-${randomUUID()}`;
  const refreshToken = `refresh-${randomUUID()}`;
  const fake = await startShopeeFake({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, shopId: SHOPEE_SHOP_ID, accessToken, refreshToken });
  const limiter = new RecordingLimiter();
  const warnings: object[] = [];
  const creds: ShopeeCredentials = { partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, shopeeShopId: SHOPEE_SHOP_ID, accessToken, refreshToken, ...over };
  const connector = new ShopeeConnector(
    { shopId: HUB_SHOP_ID, platform: 'shopee', credentials: creds, apiBaseUrl: fake.url },
    { now: () => new Date(), limiter, log: { debug() {}, info() {}, warn: (o) => warnings.push(o) } },
  );
  return { fake, limiter, connector, creds, warnings };
}

/** Pulls a whole window the way the import worker does: pass the cursor back until it is null. */
export async function pullAll<T>(pull: (w: { since: Date; until: Date; cursor?: string }) => Promise<{ items: T[]; nextCursor?: string | null }>, since: Date, until: Date) {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await pull({ since, until, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { items, pages };
}

export const T0 = 1_700_000_000;
export const at = (unix: number) => new Date(unix * 1000);
