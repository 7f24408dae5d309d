import { definition } from '../../../connectors/amazon/index.js';
import { clearLwaTokenCache } from '../../../connectors/amazon/lwa.js';
import type { AmazonCredentials } from '../../../connectors/amazon/connector.js';
import type { Connector, NormalizedOrder, PullPage, PullWindow } from '../../../connectors/types.js';
import { startFakeAmazon, type FakeAmazon, type FakeAmazonOptions } from '../../fakes/amazon/server.js';
import { RecordingLimiter, silentLog } from '../../helpers/fake-limiter.js';

export interface Harness {
  fake: FakeAmazon;
  limiter: RecordingLimiter;
  connector: Connector;
  clock: { now: Date };
  creds: AmazonCredentials;
  connect(overrides?: Partial<AmazonCredentials>): Connector;
}

/** A fake SP-API on loopback and a connector pointed at it, sharing one controllable clock. */
export async function startHarness(opts: FakeAmazonOptions & { creds?: Partial<AmazonCredentials> } = {}): Promise<Harness> {
  clearLwaTokenCache();
  const clock = { now: new Date('2025-03-10T12:00:00.000Z') };
  const fake = await startFakeAmazon({ ...opts, now: () => clock.now });
  const limiter = new RecordingLimiter();
  const creds: AmazonCredentials = definition.credentialsSchema.parse({
    sellerId: 'A2SELLER123', marketplaceId: 'ATVPDKIKX0DER', region: 'na',
    lwaClientId: fake.grant.clientId, lwaClientSecret: fake.grant.clientSecret, refreshToken: fake.grant.refreshToken, lwaTokenUrl: fake.tokenUrl,
    ...opts.creds,
  });
  const connect = (overrides: Partial<AmazonCredentials> = {}) =>
    definition.create({ shopId: 'shop-amz', platform: 'amazon', credentials: { ...creds, ...overrides }, apiBaseUrl: fake.url }, { now: () => clock.now, limiter, log: silentLog });
  return { fake, limiter, clock, creds, connect, connector: connect() };
}

/** Follows the cursor until the window is exhausted, running `between` after each page (to change orders mid-pull). */
export async function pullAll(c: Connector, w: Omit<PullWindow, 'cursor'>, between?: (page: number) => void): Promise<{ orders: NormalizedOrder[]; pages: number }> {
  const orders: NormalizedOrder[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page: PullPage<NormalizedOrder> = await c.pullOrders({ ...w, cursor });
    orders.push(...page.items);
    pages++;
    between?.(pages);
    if (!page.nextCursor) return { orders, pages };
    cursor = page.nextCursor;
  }
}

export const minutesAgo = (h: Harness, m: number): Date => new Date(h.clock.now.getTime() - m * 60_000);
