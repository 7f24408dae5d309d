import type { ConnectorDeps } from '../../../connectors/types.js';
import { definition } from '../../../connectors/pinduoduo/index.js';
import type { PinduoduoCredentials } from '../../../connectors/pinduoduo/connector.js';
import { RecordingLimiter, silentLog } from '../../helpers/fake-limiter.js';
import { startFakePdd, type FakePdd } from '../../fakes/pinduoduo/server.js';

export const NOW = new Date('2024-05-01T02:00:00Z');
export const NOW_S = NOW.getTime() / 1000;
export const creds: PinduoduoCredentials = { clientId: 'cid001', clientSecret: 'pddSecret-0001', accessToken: 'tok001' };

export interface PddHarness {
  fake: FakePdd;
  limiter: RecordingLimiter;
  connector: ReturnType<typeof definition.create>;
  connect(over?: Partial<PinduoduoCredentials>): ReturnType<typeof definition.create>;
}

export async function startPddHarness(): Promise<PddHarness> {
  const fake = await startFakePdd({ ...creds, now: () => NOW });
  const limiter = new RecordingLimiter();
  const deps: ConnectorDeps = { now: () => NOW, limiter, log: silentLog };
  const connect = (over: Partial<PinduoduoCredentials> = {}) =>
    definition.create({ shopId: 'mall-9', platform: 'pinduoduo', credentials: { ...creds, ...over }, apiBaseUrl: fake.url }, deps);
  return { fake, limiter, connector: connect(), connect };
}

export { pullAll } from '../taobao/setup.js';
