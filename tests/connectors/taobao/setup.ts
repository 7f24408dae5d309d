import type { ConnectorDeps } from '../../../connectors/types.js';
import { definition } from '../../../connectors/taobao/index.js';
import type { TaobaoCredentials } from '../../../connectors/taobao/connector.js';
import { RecordingLimiter, silentLog } from '../../helpers/fake-limiter.js';
import { startFakeTop, type FakeTop } from '../../fakes/taobao/server.js';

export const NOW = new Date('2024-05-01T02:00:00Z');
export const HOUR = 3_600_000;
export const creds: TaobaoCredentials = { appKey: '23456789', appSecret: 's3cr3t-top-app', session: 'sess-abc', signMethod: 'hmac-sha256' };

export interface TopHarness {
  fake: FakeTop;
  limiter: RecordingLimiter;
  deps: ConnectorDeps;
  connector: ReturnType<typeof definition.create>;
  connect(over?: Partial<TaobaoCredentials>): ReturnType<typeof definition.create>;
}

/** A fake TOP router on loopback and a connector pointed at it, both on the same fixed clock. */
export async function startHarness(): Promise<TopHarness> {
  const fake = await startFakeTop({ appKey: creds.appKey, appSecret: creds.appSecret, session: creds.session, now: () => NOW });
  const limiter = new RecordingLimiter();
  const deps: ConnectorDeps = { now: () => NOW, limiter, log: silentLog };
  const connect = (over: Partial<TaobaoCredentials> = {}) =>
    definition.create({ shopId: 'shop-1', platform: 'taobao', credentials: { ...creds, ...over }, apiBaseUrl: fake.url }, deps);
  return { fake, limiter, deps, connector: connect(), connect };
}

/** Follows nextCursor until the window is exhausted. */
export async function pullAll<T>(pull: (w: { since: Date; until: Date; cursor?: string }) => Promise<{ items: T[]; nextCursor?: string | null }>, since: Date, until: Date): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await pull({ since, until, cursor });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('pull did not finish');
}
