import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../connectors/errors.js';
import { classifyResponse, createHttpClient, send } from '../../connectors/http.js';
import { callWithRetry, writeVerified } from '../../connectors/retry.js';
import { RecordingLimiter, silentLog } from '../helpers/fake-limiter.js';

let server: Server | undefined;
afterEach(async () => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const deps = { now: () => new Date(), limiter: new RecordingLimiter(), log: silentLog };
const policy = (write: boolean) => ({ key: 'k', rate: { ratePerSec: 100, burst: 100 }, maxAttempts: 4, backoffMs: 1, log: {}, write });

describe('ambiguous failures', () => {
  it('a reset after the request went out is ambiguous; a refused connection is not', async () => {
    const url = await listen((req) => req.socket.destroy());
    const reset = await send(() => createHttpClient({ baseURL: url }).post('/x', {})).catch((e: unknown) => e);
    expect(reset).toMatchObject({ kind: 'transient', ambiguous: true });
    const refused = await send(() => createHttpClient({ baseURL: 'http://127.0.0.1:1' }).get('/')).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'transient', ambiguous: false });
  });

  it('5xx is ambiguous, 429 is not', async () => {
    const res = (status: number) => ({ status, data: {}, headers: {}, statusText: '', config: {} }) as Parameters<typeof classifyResponse>[0];
    expect(classifyResponse(res(502), new Date())).toMatchObject({ ambiguous: true });
    expect(classifyResponse(res(429), new Date())).toMatchObject({ kind: 'rate_limited', ambiguous: false });
  });

  it('the retry layer repeats a read after an ambiguous failure but never a write', async () => {
    const ambiguous = () => new ConnectorError('transient', 'reset', { ambiguous: true });
    let reads = 0;
    await expect(callWithRetry(deps, policy(false), async () => { if (++reads < 3) throw ambiguous(); return 'ok'; })).resolves.toBe('ok');
    let writes = 0;
    await expect(callWithRetry(deps, policy(true), async () => { writes++; throw ambiguous(); })).rejects.toMatchObject({ ambiguous: true });
    expect(writes).toBe(1);
    let safe = 0;
    await expect(callWithRetry(deps, policy(true), async () => { if (++safe < 2) throw new ConnectorError('transient', 'refused'); return 'ok'; })).resolves.toBe('ok');
  });

  it('writeVerified reads the platform state before deciding, and sends again only when it shows nothing applied', async () => {
    const sent: number[] = [];
    let applied = false;
    const r = await writeVerified(deps, {
      log: {},
      write: async () => { sent.push(sent.length); applied = true; throw new ConnectorError('transient', 'lost', { ambiguous: true }); },
      applied: async () => (applied ? 'done' : undefined),
    });
    expect(r).toBe('done');
    expect(sent).toHaveLength(1);
    let tries = 0;
    await expect(writeVerified(deps, {
      log: {}, maxSends: 2,
      write: async () => { tries++; throw new ConnectorError('transient', 'lost', { ambiguous: true }); },
      applied: async () => undefined,
    })).rejects.toMatchObject({ ambiguous: true });
    expect(tries).toBe(2);
  });
});
