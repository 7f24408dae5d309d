import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { sandboxSeller } from '../helpers/sandbox-shop.js';
import { spawnWorker, stopWorker } from '../helpers/worker-process.js';

/**
 * A worker process busy with two bad shops — one whose platform answers 503 to everything, one whose platform
 * accepts the connection and never answers — logs one classified line per failure (no stack traces) and stops
 * within a few seconds of Ctrl-C.
 */
let hub: TestHub;
let sandbox: Sandbox;
let silent: Server;
const sockets: Socket[] = [];
let worker: ReturnType<typeof spawnWorker> | undefined;

beforeAll(async () => {
  hub = await startTestHub();
  const world = await sandboxSeller(hub, { name: 'Failing', apiKey: 'sandbox-key-failing-01', webhookSecret: 'sandbox-secret-failing-01', sku: 'TEE', stock: 5 });
  sandbox = world.sandbox;
  sandbox.injectFault({ pathPrefix: '/', status: 503, count: 1_000_000 });
  silent = createServer((s) => { sockets.push(s); }); // accepts, never answers
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const res = await hub.app.inject({
    method: 'POST', url: '/v1/shops', headers: world.seller.auth,
    payload: { platform: 'sandbox', name: 'Silent', credentials: { apiKey: 'sandbox-key-silent-01', webhookSecret: 'sandbox-secret-silent-01' }, apiBaseUrl: `http://127.0.0.1:${(silent.address() as { port: number }).port}` },
  });
  expect(res.statusCode, res.body).toBe(201);
}, 60_000);

afterAll(async () => {
  if (worker) await stopWorker(worker, 'SIGKILL');
  for (const s of sockets) s.destroy();
  silent?.close();
  await sandbox?.app.close();
  await hub?.close();
});

describe('a worker with failing shops', () => {
  it('logs one classified line per failure and shuts down within seconds of SIGINT', async () => {
    worker = spawnWorker(hub.config, { LOG_LEVEL: 'info' });
    const w = worker;
    const out = () => w.output.join('');
    // Both shops are being synced: the failing one has failed at least twice, the silent one holds a connection.
    await eventually(async () => ((out().match(/"msg":"job failed"/g) ?? []).length >= 2 && sockets.length > 0 ? true : undefined), 'failures and a hanging call', 90_000);

    const exited = new Promise<number | null>((resolve) => w.once('exit', (code) => resolve(code)));
    w.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'too slow'>((resolve) => { timer = setTimeout(() => resolve('too slow'), 10_000); });
    const outcome = await Promise.race([exited, bound]);
    clearTimeout(timer);
    expect(outcome, 'the worker did not exit within 10 s of SIGINT').not.toBe('too slow');

    const lines = out().split('\n').filter((l) => l.startsWith('{'));
    const failures = lines.filter((l) => l.includes('"msg":"job failed"')).map((l) => JSON.parse(l) as { cause?: { kind: string }; shopId?: string });
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const f of failures) expect(f.cause?.kind).toBe('connector.transient');
    expect(out()).not.toMatch(/"stack"/);
  }, 150_000);
});
