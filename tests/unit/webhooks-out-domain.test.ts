import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { payloadSchema } from '../../src/domain/webhooks/catalogue.js';
import { dueRuns, nextDue } from '../../src/domain/webhooks/lanes.js';
import { mapEvent, type OutboxEvent } from '../../src/domain/webhooks/map-event.js';
import { decideAttempt, parseRetryAfter } from '../../src/domain/webhooks/retry-policy.js';
import { robotRefusal } from '../../src/domain/webhooks/robot.js';
import { dingtalkSignedUrl, messageId, signatureHeader } from '../../src/domain/webhooks/signing.js';

const t = (ms: number) => new Date(1_700_000_000_000 + ms);
const item = (id: string, lane: string, at: number, next = 0) => ({ _id: id, lane, at: t(at), pos: 0, nextAttemptAt: t(next) });

describe('webhook lanes', () => {
  it('sends each lane from its head while due; a lane waiting for a retry holds back only itself', () => {
    const items = [item('a1', 'A', 1, 500), item('b1', 'B', 2), item('a2', 'A', 3), item('b2', 'B', 4), item('c1', 'C', 5, 50)];
    expect(dueRuns(items, t(100)).map((r) => r.map((i) => i._id))).toEqual([['b1', 'b2'], ['c1']]);
    expect(nextDue(items, t(100))).toEqual(t(500));
    expect(dueRuns(items, t(600)).map((r) => r.map((i) => i._id))).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1']]);
  });

  it('orders events of one write that share a time by their position', () => {
    const items = [{ ...item('x', 'A', 1), pos: 1 }, { ...item('y', 'A', 1), pos: 0 }];
    expect(dueRuns(items, t(10))[0]!.map((i) => i._id)).toEqual(['y', 'x']);
  });
});

describe('webhook retry policy', () => {
  const schedule = [5_000, 300_000];
  it('2xx delivers, 410 disables, others retry on the schedule or later when asked, then give up', () => {
    expect(decideAttempt({ ok: true, status: 204 }, 0, t(0), schedule)).toEqual({ kind: 'delivered' });
    expect(decideAttempt({ ok: false, status: 410, errorClass: 'http_status' }, 0, t(0), schedule)).toEqual({ kind: 'disable-endpoint' });
    expect(decideAttempt({ ok: false, status: 500, errorClass: 'http_status' }, 0, t(0), schedule)).toEqual({ kind: 'retry', at: t(5_000) });
    expect(decideAttempt({ ok: false, status: 429, errorClass: 'http_status', retryAfterMs: 60_000 }, 0, t(0), schedule)).toEqual({ kind: 'retry', at: t(60_000) });
    expect(decideAttempt({ ok: false, status: null, errorClass: 'timeout' }, 1, t(0), schedule)).toEqual({ kind: 'retry', at: t(300_000) });
    expect(decideAttempt({ ok: false, status: 500, errorClass: 'http_status' }, 2, t(0), schedule)).toEqual({ kind: 'give-up' });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('120', t(0))).toBe(120_000);
    expect(parseRetryAfter(new Date(t(0).getTime() + 30_000).toUTCString(), t(0))).toBe(30_000);
    expect(parseRetryAfter('soon', t(0))).toBeUndefined();
  });
});

describe('webhook signing', () => {
  it('signs exactly as the standardwebhooks package does, once per valid secret', () => {
    const s1 = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const s2 = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
    const body = '{"type":"webhook.test"}';
    const ts = 1_700_000_000;
    const header = signatureHeader([s1, s2], 'msg_1', ts, body);
    expect(header).toBe(`${new Webhook(s1).sign('msg_1', new Date(ts * 1000), body)} ${new Webhook(s2).sign('msg_1', new Date(ts * 1000), body)}`);
    expect(messageId('e1', 'we1')).toBe(messageId('e1', 'we1'));
    expect(messageId('e1', 'we1')).not.toBe(messageId('e1', 'we2'));
  });

  it('signs DingTalk robot URLs with timestamp and sign', () => {
    const u = new URL(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SEC123', 1_700_000_000_000));
    expect(u.searchParams.get('access_token')).toBe('abc');
    expect(u.searchParams.get('timestamp')).toBe('1700000000000');
    expect(u.searchParams.get('sign')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(robotRefusal('{"errcode":310000,"errmsg":"sign not match"}')).toContain('310000');
    expect(robotRefusal('{"errcode":0}')).toBeNull();
  });
});

describe('webhook catalogue mapping', () => {
  const ev = (type: string, data: Record<string, unknown>, subject = { kind: 'order', id: 'o1' }): OutboxEvent => ({ _id: 'e', sellerId: 's', type, subject, data, at: t(0) });
  it('maps internal events to catalogue payloads that satisfy their schemas, picking only promised fields', () => {
    const cases: [OutboxEvent, string][] = [
      [ev('order.on_hold', { by: 'p', type: 'held', detail: { reasons: ['NO_STOCK'] } }), 'order.held'],
      [ev('order.on_hold', { by: 'p', type: 'intercepted', detail: { reason: 'refund', full: true, waybillNumber: 'W1' } }), 'order.intercepted'],
      [ev('order.allocated', { by: 'p', type: 'allocated', detail: { warehouse: 'A', courier: 'SF', why: { secret: 1 } } }), 'order.allocated'],
      [ev('order.audited', { by: 'p', type: 'audited' }), 'order.updated'],
      [ev('alert.low_stock', { skuCode: 'X', warehouseId: 'w', available: 1, threshold: 3 }, { kind: 'alert', id: 'a' }), 'stock.low'],
      [ev('purchase.received', { poId: 'po1', lines: [{ skuCode: 'X', accepted: 2, rejected: 1, lot: 'L' }] }, { kind: 'purchase_receipt', id: 'r1' }), 'purchase_order.received'],
      [ev('aftersales.refund_status', { refundStatus: 'succeeded' }, { kind: 'ticket', id: 't1' }), 'aftersales.ticket.updated'],
      [ev('shop.needs_reauth', {}, { kind: 'shop', id: 'sh1' }), 'shop.needs_reauth'],
    ];
    for (const [e, type] of cases) {
      const m = mapEvent(e);
      expect(m?.type, e.type).toBe(type);
      expect(() => payloadSchema(m!.type).parse({ type: m!.type, timestamp: t(0).toISOString(), version: 1, data: m!.data })).not.toThrow();
    }
    expect(mapEvent(cases[2]![0])!.data).toEqual({ orderId: 'o1', warehouse: 'A', courier: 'SF' });
    expect(mapEvent(ev('stocktake.opened', {}))).toBeNull();
  });
});
