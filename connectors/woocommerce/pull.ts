import { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { rawId, RecordSieve } from '../records.js';
import type { NormalizedOrder, NormalizedRefund, PullPage } from '../types.js';
import type { WcClient } from './client.js';
import { toNormalizedOrder, toNormalizedRefund } from './mapper.js';
import { parseItem, wcListSchema, wcOrderSchema, wcRefundSchema, type WcOrder } from './schemas.js';

/** Refunds one `GET /refunds` call returns at most (WooCommerce's per_page ceiling). */
const REFUNDS_PER_CALL = 100;

/**
 * Parses a page of orders one by one (a record that does not parse is quarantined, the rest goes on) and reads the
 * refunds of the page's refunded orders in one call: `GET /wc/v3/refunds?parent=<ids>` (WooCommerce ≥ 9.0; an
 * older site answers 404 and each refunded order's `/orders/{id}/refunds` is read instead).
 */
export async function readOrderPage(client: WcClient, raws: unknown[]): Promise<Required<Pick<PullPage<NormalizedOrder>, 'items' | 'refunds' | 'quarantined'>>> {
  const sieve = new RecordSieve();
  const parsed: WcOrder[] = [];
  for (const raw of raws) {
    const o = await sieve.take('order', raw, { record: rawId(raw, 'id') }, () => {
      const order = parseItem(wcOrderSchema, raw, 'order');
      toNormalizedOrder(order); // a record that cannot be mapped is quarantined too
      return order;
    });
    if (o && o.status !== 'checkout-draft') parsed.push(o);
  }
  const refunded = parsed.filter((o) => (o.refunds?.length ?? 0) > 0);
  return { items: parsed.map(toNormalizedOrder), refunds: await refundsOf(client, refunded, sieve), quarantined: sieve.quarantined };
}

async function refundsOf(client: WcClient, orders: WcOrder[], sieve: RecordSieve): Promise<NormalizedRefund[]> {
  if (orders.length === 0) return [];
  const byOrder = new Map(orders.map((o) => [o.id, o]));
  const raws: { raw: unknown; order: WcOrder }[] = [];
  try {
    for (let i = 0; i < orders.length; i += REFUNDS_PER_CALL) {
      const ids = orders.slice(i, i + REFUNDS_PER_CALL).map((o) => o.id);
      const res = await client.request('refunds', 'GET', '/wc/v3/refunds', { parent: ids.join(','), per_page: REFUNDS_PER_CALL }, undefined, wcListSchema);
      for (const raw of res.data) {
        const order = byOrder.get(Number(rawId(raw, 'parent_id')));
        if (order) raws.push({ raw, order });
      }
    }
  } catch (e) {
    if (!(e instanceof ConnectorError) || e.kind !== 'not_found') throw e;
    raws.length = 0;
    for (const order of orders) {
      const res = await client.request('refunds', 'GET', `/wc/v3/orders/${order.id}/refunds`, { per_page: REFUNDS_PER_CALL }, undefined, wcListSchema);
      for (const raw of res.data) raws.push({ raw, order });
    }
  }
  const out: NormalizedRefund[] = [];
  for (const { raw, order } of raws) {
    const r = await sieve.take('refund', raw, { record: rawId(raw, 'id'), order: String(order.id) }, () => toNormalizedRefund(parseItem(wcRefundSchema, raw, 'refund'), order));
    if (r) out.push(r);
  }
  return out;
}

/** One order now (webhook fast path), with its refunds. */
export async function fetchOrder(client: WcClient, platformOrderId: string): Promise<PullPage<NormalizedOrder>> {
  if (!/^\d+$/.test(platformOrderId)) return { items: [] };
  try {
    const res = await client.request('orders', 'GET', `/wc/v3/orders/${platformOrderId}`, {}, undefined, wcAnySchema);
    return readOrderPage(client, [res.data]);
  } catch (e) {
    if (e instanceof ConnectorError && e.kind === 'not_found') return { items: [] };
    throw e;
  }
}

const wcAnySchema = z.unknown();
