import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';
import { addEndpoint, dingtalkSign, emit, firstArrivals, orderEvent, orderStory, storyTypes, tick, type Seller } from './webhooks-out-fixtures.js';
import { startReceiver, verify, webhookEnv, type Receiver } from './webhooks-out-receiver.js';

/** Outgoing webhooks end to end: outbox events → relay → signed deliveries to loopback receivers. */
let hub: TestHub;
let seller: Seller;
const receivers: Receiver[] = [];
const receiver = async (...a: Parameters<typeof startReceiver>) => {
  const r = await startReceiver(...a);
  receivers.push(r);
  return r;
};

beforeAll(async () => {
  hub = await startTestHub({ workers: true, env: webhookEnv });
  seller = await hub.newSeller('Hooks');
});

afterAll(async () => {
  await hub?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

describe('outgoing webhooks', () => {
  it('delivers catalogue payloads that standardwebhooks verifies, and nothing the catalogue does not name', async () => {
    const rx = await receiver();
    const ep = await addEndpoint(hub, seller, { url: rx.url, description: 'erp' });
    expect(ep.secret).toMatch(/^whsec_/);
    await emit(hub, [
      ...orderStory(seller.id, 'o-sig'),
      orderEvent(seller.id, 'o-held', 0, 'on_hold', { reasons: ['NO_STOCK', 'ADDRESS'] }, 'held'),
      { _id: 'stocktake.opened:x', sellerId: seller.id, type: 'stocktake.opened', subject: { kind: 'stocktake', id: 'x' }, data: {}, at: tick() },
      { _id: 'alert.low_stock:a1', sellerId: seller.id, type: 'alert.low_stock', subject: { kind: 'alert', id: 'a1' }, data: { skuCode: 'TEE', warehouseId: 'w1', available: 2, threshold: 5 }, at: tick() },
    ]);
    await eventually(async () => (rx.accepted.length >= 7 ? true : undefined), '7 deliveries');
    const payloads = rx.accepted.map((r) => verify(ep.secret, r));
    expect(payloads.map((p) => p.type).sort()).toEqual([...storyTypes, 'order.held', 'stock.low'].sort());
    expect(payloads.find((p) => p.type === 'order.held')!.data).toEqual({ orderId: 'o-held', reasons: ['NO_STOCK', 'ADDRESS'] });
    expect(payloads.find((p) => p.type === 'order.allocated')!.data).toEqual({ orderId: 'o-sig', warehouse: 'WH1', courier: 'SF' });
    expect(payloads.find((p) => p.type === 'order.shipped')!.data).toEqual({ orderId: 'o-sig', parcels: [{ trackingNumber: 'SFo-sig', courier: 'SF' }] });
    expect(firstArrivals(rx.accepted).get('o-sig')).toEqual(storyTypes);
    for (const r of rx.accepted) expect(r.id).toMatch(/^msg_/);

    const test = await hub.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/test`, headers: seller.auth });
    expect(test.statusCode).toBe(202);
    const got = await eventually(async () => rx.accepted.find((r) => r.id === test.json<{ messageId: string }>().messageId), 'test event');
    expect(verify(ep.secret, got)).toMatchObject({ type: 'webhook.test', data: { endpointId: ep.id } });

    const log = await hub.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}/attempts`, headers: seller.auth });
    expect(log.json<{ items: { outcome: string; responseStatus: number }[] }>().items).toHaveLength(8);
    expect(log.json<{ items: { outcome: string; responseStatus: number }[] }>().items.every((a) => a.outcome === 'delivered' && a.responseStatus === 204)).toBe(true);
  });

  it('a receiver that is down for a while gets everything when it is back, each order in order', async () => {
    let down = true;
    const rx = await receiver(() => (down ? { status: 503 } : { status: 200 }));
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported', 'order.updated', 'order.allocated', 'order.shipped'] });
    const orders = Array.from({ length: 10 }, (_, i) => `o-down-${i}`);
    // Events of many orders interleaved, written in several calls as the pipeline would.
    const stories = orders.map((o) => orderStory(seller.id, o));
    for (let step = 0; step < 5; step++) await emit(hub, stories.map((s) => s[step]!));
    await eventually(async () => (rx.all.length >= 20 ? true : undefined), 'failed attempts while down');
    down = false;
    await eventually(async () => (new Set(rx.accepted.map((r) => r.id)).size === 50 ? true : undefined), 'all 50 messages', 30_000);
    const arrivals = firstArrivals(rx.accepted);
    for (const o of orders) expect(arrivals.get(o)).toEqual(storyTypes);
    // At least once: a message may repeat, always with its own webhook-id; two ids never carry one event.
    const idOf = new Map<string, string>();
    for (const r of rx.accepted) {
      verify(ep.secret, r);
      expect(idOf.get(r.body) ?? r.id).toBe(r.id);
      idOf.set(r.body, r.id);
    }
  });

  it('a slow receiver does not hold back other endpoints', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = await receiver(() => ({ status: 200, hold: held }));
    const fast = await receiver();
    await addEndpoint(hub, seller, { url: slow.url, eventTypes: ['order.imported'] });
    await addEndpoint(hub, seller, { url: fast.url, eventTypes: ['order.imported'] });
    await emit(hub, Array.from({ length: 20 }, (_, i) => orderStory(seller.id, `o-slow-${i}`)[0]!));
    await eventually(async () => (fast.accepted.length === 20 ? true : undefined), 'fast receiver served');
    expect(slow.all.length).toBeGreaterThan(0);
    expect(slow.accepted).toHaveLength(0);
    release();
    await eventually(async () => (new Set(slow.accepted.map((r) => r.id)).size === 20 ? true : undefined), 'slow receiver served');
  });

  it('one seller\'s endpoints never get another seller\'s events; routes answer 404 across sellers', async () => {
    const other = await hub.newSeller('Other');
    const rxA = await receiver();
    const rxB = await receiver();
    const a = await addEndpoint(hub, seller, { url: rxA.url, eventTypes: ['order.imported'] });
    await addEndpoint(hub, other, { url: rxB.url, eventTypes: ['order.imported'] });
    await emit(hub, [orderStory(seller.id, 'o-tenant-a')[0]!, orderStory(other.id, 'o-tenant-b')[0]!]);
    await eventually(async () => (rxA.accepted.length === 1 && rxB.accepted.length === 1 ? true : undefined), 'one each');
    expect(JSON.parse(rxA.accepted[0]!.body).data.orderId).toBe('o-tenant-a');
    expect(JSON.parse(rxB.accepted[0]!.body).data.orderId).toBe('o-tenant-b');
    for (const [method, url] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['GET', '/attempts'], ['POST', '/test'], ['POST', '/rotate-secret']] as const) {
      const res = await hub.app.inject({ method, url: `/v1/webhook-endpoints/${a.id}${url}`, headers: other.auth, ...(method === 'PATCH' ? { payload: { description: 'x' } } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const list = await hub.app.inject({ method: 'GET', url: '/v1/webhook-endpoints', headers: other.auth });
    expect(list.json<{ items: { id: string }[] }>().items.map((e) => e.id)).not.toContain(a.id);
  });

  it('after a rotation both secrets verify during the grace period, only the new one after it', async () => {
    const rx = await receiver();
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported'] });
    const rot = await hub.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/rotate-secret`, headers: seller.auth, payload: { graceSeconds: 2 } });
    expect(rot.statusCode).toBe(200);
    const { secret, previousSecretExpiresAt } = rot.json<{ secret: string; previousSecretExpiresAt: string }>();
    expect(secret).not.toBe(ep.secret);
    const sendTest = async () => {
      const id = (await hub.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/test`, headers: seller.auth })).json<{ messageId: string }>().messageId;
      return eventually(async () => rx.accepted.find((r) => r.id === id), 'test delivery');
    };
    const during = await sendTest();
    expect(verify(secret, during).type).toBe('webhook.test');
    expect(verify(ep.secret, during).type).toBe('webhook.test');
    await eventually(async () => (Date.now() > Date.parse(previousSecretExpiresAt) ? true : undefined), 'grace period over');
    const after = await sendTest();
    expect(verify(secret, after).type).toBe('webhook.test');
    expect(() => verify(ep.secret, after)).toThrow();
  });

  it('replays one message, or everything since a time, with the original webhook-id', async () => {
    const rx = await receiver();
    const ep = await addEndpoint(hub, seller, { url: rx.url, eventTypes: ['order.imported'] });
    const since = new Date().toISOString();
    await emit(hub, [orderStory(seller.id, 'o-replay-1')[0]!, orderStory(seller.id, 'o-replay-2')[0]!]);
    await eventually(async () => (rx.accepted.length === 2 ? true : undefined), 'two deliveries');
    const first = rx.accepted[0]!;
    const one = await hub.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/replay`, headers: seller.auth, payload: { messageId: first.id } });
    expect(one.json()).toEqual({ queued: 1 });
    await eventually(async () => (rx.accepted.length === 3 ? true : undefined), 'replayed one');
    expect(rx.accepted[2]!.id).toBe(first.id);
    expect(rx.accepted[2]!.body).toBe(first.body);
    const all = await hub.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/replay`, headers: seller.auth, payload: { since } });
    expect(all.json()).toEqual({ queued: 2 });
    await eventually(async () => (rx.accepted.length === 5 ? true : undefined), 'replayed since');
    expect(new Set(rx.accepted.map((r) => r.id)).size).toBe(2);
    const missing = await hub.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/replay`, headers: seller.auth, payload: { messageId: 'msg_nope' } });
    expect(missing.statusCode).toBe(404);
  });

  it('DingTalk and WeCom robots get a short markdown summary; DingTalk on its signed URL', async () => {
    const ding = await receiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    const wecom = await receiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    await addEndpoint(hub, seller, { kind: 'dingtalk', url: `${ding.url}?access_token=t0k`, robotSecret: 'SECrobot' });
    await addEndpoint(hub, seller, { kind: 'wecom', url: `${wecom.url}?key=k3y`, eventTypes: ['order.held'] });
    await emit(hub, [orderStory(seller.id, 'o-robot')[0]!, orderEvent(seller.id, 'o-robot', 1, 'on_hold', { reasons: ['NO_STOCK'] }, 'held')]);
    await eventually(async () => (ding.accepted.length === 1 && wecom.accepted.length === 1 ? true : undefined), 'robots told');
    const url = new URL(ding.accepted[0]!.url, 'http://x');
    expect(url.searchParams.get('access_token')).toBe('t0k');
    expect(url.searchParams.get('sign')).toBe(dingtalkSign('SECrobot', url.searchParams.get('timestamp')!));
    const d = JSON.parse(ding.accepted[0]!.body);
    expect(d).toMatchObject({ msgtype: 'markdown', markdown: { title: 'OMS: order.held' } });
    expect(d.markdown.text).toContain('NO_STOCK');
    const w = JSON.parse(wecom.accepted[0]!.body);
    expect(w.msgtype).toBe('markdown');
    expect(w.markdown.content).toContain('o-robot');
  });
});
