import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { egressCheck } from '../../src/services/webhooks/egress-check.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { addEndpoint, emit, orderStory, type Seller } from './webhooks-out-fixtures.js';
import { startReceiver, verify, webhookEnv, type Receiver } from './webhooks-out-receiver.js';

/** Retries, Retry-After, 410, endpoints that keep failing, timeouts, size caps, the egress policy, the API's bad input. */
let hub: TestHub;
let seller: Seller;
const receivers: Receiver[] = [];
const receiver = async (...a: Parameters<typeof startReceiver>) => {
  const r = await startReceiver(...a);
  receivers.push(r);
  return r;
};
type Attempt = { messageId: string; attempt: number; outcome: string; responseStatus: number | null; errorClass: string | null; nextRetryAt: string | null; at: string };
const attempts = async (id: string) =>
  (await hub.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${id}/attempts`, headers: seller.auth })).json<{ items: Attempt[] }>().items.reverse();
const endpoint = async (id: string) => (await hub.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${id}`, headers: seller.auth })).json<{ enabled: boolean; disabledReason: string | null; failingSince: string | null }>();

beforeAll(async () => {
  hub = await startTestHub({ workers: true, env: { ...webhookEnv, WEBHOOK_RETRY_SCHEDULE_MS: '100,300,600', WEBHOOK_DISABLE_AFTER_MS: '2500', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_MAX_RESPONSE_BYTES: '1024' } });
  seller = await hub.newSeller('Health');
});

afterAll(async () => {
  await hub?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

describe('outgoing webhooks: failures', () => {
  it('5xx retries on the configured schedule, then gives up and lets the order\'s later events through', async () => {
    const rx = await receiver((r) => (JSON.parse(r.body).type === 'order.imported' ? { status: 500 } : { status: 200 }));
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported', 'order.updated'] });
    await emit(hub, orderStory(seller.id, 'o-5xx').slice(0, 2));
    await eventually(async () => (rx.accepted.length === 1 ? true : undefined), 'the later event after the give-up');
    const log = await attempts(ep.id);
    expect(log.map((a) => [a.attempt, a.outcome, a.responseStatus])).toEqual([[1, 'retry', 500], [2, 'retry', 500], [3, 'retry', 500], [4, 'gave-up', 500], [1, 'delivered', 200]]);
    // Each retry waited at least its step of the schedule.
    const gaps = log.slice(0, 3).map((a) => Date.parse(a.nextRetryAt!) - Date.parse(a.at));
    expect(gaps.map((g, i) => g >= [100, 300, 600][i]!)).toEqual([true, true, true]);
    // The order's second event was held back until the first was settled.
    expect(Date.parse(log[4]!.at)).toBeGreaterThanOrEqual(Date.parse(log[3]!.at));
    expect(JSON.parse(rx.accepted[0]!.body).type).toBe('order.updated');
  });

  it('honours Retry-After', async () => {
    const rx = await receiver((_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported'] });
    await emit(hub, orderStory(seller.id, 'o-retry-after').slice(0, 1));
    await eventually(async () => (rx.accepted.length === 1 ? true : undefined), 'delivered after Retry-After');
    const [first, second] = await attempts(ep.id);
    expect(first).toMatchObject({ outcome: 'retry', responseStatus: 429 });
    expect(Date.parse(first!.nextRetryAt!) - Date.parse(first!.at)).toBeGreaterThanOrEqual(2_000);
    expect(Date.parse(second!.at)).toBeGreaterThanOrEqual(Date.parse(first!.nextRetryAt!));
  });

  it('410 disables the endpoint and tells the seller; re-enabling delivers what waited', async () => {
    let gone = true;
    const rx = await receiver(() => (gone ? { status: 410 } : { status: 200 }));
    const watcher = await receiver();
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported'] });
    const w = await addEndpoint(hub, seller, { url: watcher.url, eventTypes: ['webhook.endpoint_disabled'] });
    await emit(hub, orderStory(seller.id, 'o-410').slice(0, 1));
    const told = await eventually(async () => watcher.accepted.find((r) => JSON.parse(r.body).data.endpointId === ep.id), 'disabled notification');
    expect(verify(w.secret, told)).toMatchObject({ type: 'webhook.endpoint_disabled', data: { endpointId: ep.id, reason: 'gone' } });
    expect(await endpoint(ep.id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
    expect(rx.all).toHaveLength(1);
    gone = false;
    const res = await hub.app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${ep.id}`, headers: seller.auth, payload: { enabled: true } });
    expect(res.json()).toMatchObject({ enabled: true, disabledReason: null });
    await eventually(async () => (rx.accepted.length === 1 ? true : undefined), 'delivered after re-enabling');
    expect(rx.accepted[0]!.id).toBe(rx.all[0]!.id);
  });

  it('an endpoint failing for longer than the limit is disabled with a notification', async () => {
    const rx = await receiver(() => ({ status: 502 }));
    const watcher = await receiver();
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported'] });
    await addEndpoint(hub, seller, { url: watcher.url, eventTypes: ['webhook.endpoint_disabled'] });
    for (let i = 0; i < 9; i++) {
      await emit(hub, orderStory(seller.id, `o-failing-${i}`).slice(0, 1));
      await new Promise((r) => setTimeout(r, 400));
    }
    const told = await eventually(async () => watcher.accepted.find((r) => JSON.parse(r.body).data.endpointId === ep.id), 'disabled notification');
    expect(JSON.parse(told.body).data.reason).toBe('failing');
    expect(await endpoint(ep.id)).toMatchObject({ enabled: false, disabledReason: 'failing' });
  });

  it('a receiver slower than the timeout is retried; a huge answer is cut at the size cap', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const rx = await receiver((_r, n) => (n === 1 ? { status: 200, hold: held } : { status: 200, body: 'x'.repeat(5_000_000) }));
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported'] });
    await emit(hub, orderStory(seller.id, 'o-timeout').slice(0, 1));
    await eventually(async () => (rx.all.length === 2 ? true : undefined), 'the retry after the timeout');
    release();
    await eventually(async () => ((await attempts(ep.id)).length === 2 ? true : undefined), 'two attempts logged');
    const log = await attempts(ep.id);
    expect(log.map((a) => [a.outcome, a.errorClass])).toEqual([['retry', 'timeout'], ['delivered', null]]);
  });

  it('delivers everything to an endpoint with a rate limit (sends are spaced; the spacing is not asserted: no timing assertions)', async () => {
    const rx = await receiver();
    await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported'], rateLimitPerSecond: 5 });
    await emit(hub, Array.from({ length: 6 }, (_, i) => orderStory(seller.id, `o-rate-${i}`)[0]!));
    await eventually(async () => (rx.accepted.length === 6 ? true : undefined), 'six deliveries');
    expect(new Set(rx.accepted.map((r) => r.id)).size).toBe(6);
  });

  it('refuses endpoint URLs outside the egress policy and bad input, with stable codes', async () => {
    const strict = egressCheck({ allowPrivate: false });
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://192.168.0.1/', 'http://[::ffff:127.0.0.1]/']) {
      await expect(strict.checkUrl(url), url).rejects.toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
    }
    await expect(strict.checkUrl('https://93.184.216.34/hook')).resolves.toBeUndefined();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ url: 'ftp://127.0.0.1/x' }, 422, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'http://user:pw@127.0.0.1/x' }, 422, 'WEBHOOK_URL_REFUSED'],
      [{ url: 'not a url' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'http://127.0.0.1/x', eventTypes: ['order.nope'] }, 400, 'VALIDATION_FAILED'],
      [{ url: 'http://127.0.0.1/x', robotSecret: 'SEC' }, 400, 'VALIDATION_FAILED'],
      [{ url: 'http://127.0.0.1/x', secret: 'mine' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await hub.app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: seller.auth, payload });
      expect([res.statusCode, res.json().error.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    const before = await hub.rt.ctx.models.WebhookEndpoint.countDocuments({ sellerId: seller.id });
    const ep = await addEndpoint(hub, seller, { url: 'http://127.0.0.1:9/x' });
    const patch = await hub.app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${ep.id}`, headers: seller.auth, payload: { url: 'gopher://127.0.0.1/' } });
    expect(patch.statusCode).toBe(422);
    expect((await endpoint(ep.id) as unknown as { url: string }).url).toBe('http://127.0.0.1:9/x');
    expect(await hub.rt.ctx.models.WebhookEndpoint.countDocuments({ sellerId: seller.id })).toBe(before + 1);
    const list = await hub.app.inject({ method: 'GET', url: '/v1/webhook-endpoints', headers: seller.auth });
    expect(list.body).not.toContain('whsec_');
    const del = await hub.app.inject({ method: 'DELETE', url: `/v1/webhook-endpoints/${ep.id}`, headers: seller.auth });
    expect(del.statusCode).toBe(204);
    expect((await hub.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}`, headers: seller.auth })).statusCode).toBe(404);
  });

  it('documents the catalogue in the API and in the OpenAPI document', async () => {
    const types = await hub.app.inject({ method: 'GET', url: '/v1/webhook-event-types', headers: seller.auth });
    const items = types.json<{ items: { type: string; version: number }[] }>().items;
    expect(items.map((i) => i.type)).toEqual(expect.arrayContaining(['order.held', 'order.shipped', 'stock.changed', 'shop.needs_reauth', 'purchase_order.received']));
    const doc = (await hub.app.inject({ method: 'GET', url: '/docs/json' })).json<{ components: { schemas: Record<string, unknown> }; paths: Record<string, unknown> }>();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['WebhookEvent.order.held', 'WebhookEvent.stock.low']));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/webhook-endpoints', '/v1/webhook-endpoints/{id}/replay']));
  });
});
