import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { spawnWorker, stopWorker } from '../helpers/worker-process.js';
import { addEndpoint, emit, firstArrivals, orderStory, storyTypes, type Seller } from './webhooks-out-fixtures.js';
import { startReceiver, verify, webhookEnv, type Receiver } from './webhooks-out-receiver.js';

/**
 * The relay and its drains run in worker processes that are SIGKILLed again and again during a burst of
 * events: every message arrives (verified), each order's events in order, repeats only under the same webhook-id.
 */
const ORDERS = 40;
const KILLS = 5;
let hub: TestHub;
let seller: Seller;
let rx: Receiver;
const procs: ReturnType<typeof spawnWorker>[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  hub = await startTestHub({ env: webhookEnv });
  seller = await hub.newSeller('Crash hooks');
  // Some answers fail, so retries are in flight when a process dies.
  rx = await startReceiver((_r, n) => (n % 7 === 3 ? { status: 503 } : { status: 200 }));
}, 60_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => stopWorker(p, 'SIGKILL')));
  await hub?.close();
  await rx?.close();
});

describe('outgoing webhooks under SIGKILL', () => {
  it('loses nothing and keeps each order\'s order', async () => {
    const ep = await addEndpoint(hub, seller, { url: rx.url });
    const stories = Array.from({ length: ORDERS }, (_, i) => orderStory(seller.id, `o-crash-${i}`));
    const writing = (async () => {
      for (let step = 0; step < 5; step++) {
        for (let i = 0; i < ORDERS; i += 10) {
          await emit(hub, stories.slice(i, i + 10).map((s) => s[step]!));
          await sleep(300);
        }
      }
    })();
    let s = 11;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < KILLS; k++) {
      const w = spawnWorker(hub.config, { ...webhookEnv });
      procs.push(w);
      await sleep(2000 + Math.floor(rnd() * 2500));
      expect(await stopWorker(w, 'SIGKILL')).toBeNull();
    }
    await writing;
    procs.push(spawnWorker(hub.config, { ...webhookEnv }));
    const total = ORDERS * 5;
    await eventually(async () => (new Set(rx.accepted.map((r) => r.id)).size === total ? true : undefined), `all ${total} messages`, 120_000);
    const arrivals = firstArrivals(rx.accepted);
    for (let i = 0; i < ORDERS; i++) expect(arrivals.get(`o-crash-${i}`), `o-crash-${i}`).toEqual(storyTypes);
    const idOf = new Map<string, string>();
    for (const r of rx.accepted) {
      verify(ep.secret, r);
      expect(idOf.get(r.body) ?? r.id).toBe(r.id);
      idOf.set(r.body, r.id);
    }
    expect(await hub.rt.ctx.models.WebhookMessage.countDocuments({ endpointId: ep.id })).toBe(total);
    await eventually(async () => ((await hub.rt.ctx.models.WebhookQueue.countDocuments({ endpointId: ep.id })) === 0 ? true : undefined), 'queue empty');
    console.log(`webhooks crash test: ${rx.accepted.length} accepted deliveries for ${total} messages (${rx.all.length} requests)`);
  }, 240_000);
});
