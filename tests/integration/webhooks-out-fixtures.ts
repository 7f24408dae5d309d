import { createHmac } from 'node:crypto';
import { appendEvents, type DomainEvent } from '../../src/services/events.js';
import type { TestHub } from '../helpers/hub.js';

export type Seller = { id: string; auth: { authorization: string } };

export async function addEndpoint(hub: TestHub, seller: Seller, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await hub.app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: seller.auth, payload: body });
  if (res.statusCode !== 201) throw new Error(`endpoint creation failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string; secret: string }>();
}

let clock = Date.now();
/** A strictly increasing event time, so events of one order written by separate calls keep their order. */
export const tick = () => new Date((clock = Math.max(clock + 1, Date.now())));

/** An order event as the hub's lifecycle writes it (src/services/order-writes.ts). */
export function orderEvent(sellerId: string, orderId: string, step: number, status: string, detail: Record<string, unknown> = {}, type = status): DomainEvent {
  return { _id: `order.${status}:${orderId}:${step}`, sellerId, type: `order.${status}`, subject: { kind: 'order', id: orderId }, data: { by: 'test', type, detail }, at: tick() };
}

/** The five events of an order going through the hub, in order. */
export function orderStory(sellerId: string, orderId: string): DomainEvent[] {
  return [
    { _id: `order.imported:${orderId}`, sellerId, type: 'order.imported', subject: { kind: 'order', id: orderId }, data: { shopId: 'shop1', platformOrderId: `P-${orderId}` }, at: tick() },
    orderEvent(sellerId, orderId, 1, 'audited'),
    orderEvent(sellerId, orderId, 2, 'allocated', { warehouse: 'WH1', courier: 'SF', why: { secret: 'internal' } }),
    orderEvent(sellerId, orderId, 3, 'picking'),
    orderEvent(sellerId, orderId, 4, 'shipped', { trackingNumber: `SF${orderId}`, courier: 'SF' }),
  ];
}

export const emit = (hub: TestHub, events: DomainEvent[]) => appendEvents(hub.rt.ctx.models, events, new Date());

/** The per-order sequence of event types in first-arrival order (a repeated webhook-id counts once). */
export function firstArrivals(bodies: { id: string; body: string }[]): Map<string, string[]> {
  const seen = new Set<string>();
  const byOrder = new Map<string, string[]>();
  for (const r of bodies) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const p = JSON.parse(r.body) as { type: string; data: { orderId?: string } };
    const k = p.data.orderId ?? '-';
    byOrder.set(k, [...(byOrder.get(k) ?? []), p.type]);
  }
  return byOrder;
}

export const storyTypes = ['order.imported', 'order.updated', 'order.allocated', 'order.updated', 'order.shipped'];

export const dingtalkSign = (secret: string, ts: string) => createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
