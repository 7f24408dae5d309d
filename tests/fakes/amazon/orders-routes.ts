import type { FastifyInstance } from 'fastify';
import { spError, type TokenBook } from './auth.js';
import type { SpRoute } from './server.js';
import type { FakeAmazonState, FakeOrder, Raw } from './state.js';

const TWO_MIN = 120_000;
const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const dec = <T>(s: string): T | null => {
  try {
    return JSON.parse(Buffer.from(s, 'base64').toString('utf8')) as T;
  } catch {
    return null;
  }
};
interface OrdersQuery { after: number; before: number; mfnOnly: boolean; max: number; key?: [string, string] }

const stripPii = (o: Raw): Raw => {
  const a = (o.ShippingAddress ?? {}) as Raw;
  const { BuyerInfo: _b, ...rest } = o;
  return { ...rest, ShippingAddress: { City: a.City, StateOrRegion: a.StateOrRegion, PostalCode: a.PostalCode, CountryCode: a.CountryCode } };
};

/** Orders v0 (getOrders, getOrderItems, confirmShipment) and the Tokens API's restricted data token. */
export function registerOrderRoutes(app: FastifyInstance, state: FakeAmazonState, sp: SpRoute, book: TokenBook, itemsPageSize: number): void {
  app.get('/orders/v0/orders', sp('getOrders', (req, reply, kind) => {
    const q = req.query as Record<string, string | undefined>;
    if (!q.MarketplaceIds) return spError(reply, 400, 'InvalidInput', 'Missing required parameter MarketplaceIds');
    let query: OrdersQuery;
    if (q.NextToken) {
      const t = dec<OrdersQuery>(q.NextToken);
      if (!t) return spError(reply, 400, 'InvalidInput', 'Invalid NextToken');
      query = t;
    } else {
      if (q.CreatedAfter || q.CreatedBefore) return spError(reply, 400, 'InvalidInput', 'This fake only serves LastUpdatedAfter queries');
      const after = Date.parse(q.LastUpdatedAfter ?? '');
      const before = q.LastUpdatedBefore ? Date.parse(q.LastUpdatedBefore) : state.clock().getTime() - TWO_MIN;
      if (Number.isNaN(after)) return spError(reply, 400, 'InvalidInput', 'Either CreatedAfter or LastUpdatedAfter must be specified');
      if (Number.isNaN(before) || before < after) return spError(reply, 400, 'InvalidInput', 'LastUpdatedBefore must be after LastUpdatedAfter');
      if (before > state.clock().getTime() - TWO_MIN) return spError(reply, 400, 'InvalidInput', 'LastUpdatedBefore must be no later than two minutes before the request');
      const max = Number(q.MaxResultsPerPage ?? 100);
      if (!Number.isInteger(max) || max < 1 || max > 100) return spError(reply, 400, 'InvalidInput', 'MaxResultsPerPage must be 1..100');
      query = { after, before, mfnOnly: q.FulfillmentChannels === 'MFN', max };
    }
    // Keyset paging over (LastUpdateDate, AmazonOrderId) with the original filters re-applied on every page.
    const matching = [...state.orders.values()].map((o) => o.order).filter((o) => {
      const at = Date.parse(String(o.LastUpdateDate));
      return at >= query.after && at < query.before && (!query.mfnOnly || o.FulfillmentChannel === 'MFN');
    }).sort((a, b) => String(a.LastUpdateDate).localeCompare(String(b.LastUpdateDate)) || String(a.AmazonOrderId).localeCompare(String(b.AmazonOrderId)));
    const key = query.key;
    const rest = key ? matching.filter((o) => String(o.LastUpdateDate) > key[0] || (o.LastUpdateDate === key[0] && String(o.AmazonOrderId) > key[1])) : matching;
    const page = rest.slice(0, query.max);
    const last = page[page.length - 1];
    const payload: Raw = { Orders: page.map((o) => (kind === 'restricted' ? o : stripPii(o))), LastUpdatedBefore: new Date(query.before).toISOString() };
    if (rest.length > query.max && last) payload.NextToken = enc({ ...query, key: [String(last.LastUpdateDate), String(last.AmazonOrderId)] });
    return { payload };
  }, { restrictedOk: true }));

  app.get('/orders/v0/orders/:orderId/orderItems', sp('getOrderItems', (req, reply) => {
    const { orderId } = req.params as { orderId: string };
    const o = state.orders.get(orderId);
    if (!o) return spError(reply, 404, 'NotFound', `Order ${orderId} not found`);
    const start = Number((req.query as Record<string, string>).NextToken ?? 0);
    const items = o.items.slice(start, start + itemsPageSize);
    const payload: Raw = { AmazonOrderId: orderId, OrderItems: items };
    if (start + itemsPageSize < o.items.length) payload.NextToken = String(start + itemsPageSize);
    return { payload };
  }));

  app.post('/orders/v0/orders/:orderId/shipmentConfirmation', sp('confirmShipment', (req, reply) => {
    const { orderId } = req.params as { orderId: string };
    const o = state.orders.get(orderId);
    if (!o) return spError(reply, 404, 'NotFound', `Order ${orderId} not found`);
    const problem = confirmPackage(state, o, (req.body ?? {}) as Raw);
    if (problem) return spError(reply, 400, 'InvalidInput', problem);
    return reply.code(204).send();
  }));

  app.post('/tokens/2021-03-01/restrictedDataToken', sp('createRestrictedDataToken', (req, reply) => {
    const body = (req.body ?? {}) as { restrictedResources?: { method?: string; path?: string; dataElements?: string[] }[] };
    const r = body.restrictedResources?.[0];
    if (!r || r.method !== 'GET' || r.path !== '/orders/v0/orders') return spError(reply, 400, 'InvalidInput', 'restrictedResources must name GET /orders/v0/orders');
    const token = `Atz.sprdt|${state.nextId('RDT')}`;
    book.tokens.set(token, { expiresAt: state.clock().getTime() + 3600_000, restricted: true });
    return { restrictedDataToken: token, expiresIn: 3600 };
  }));
}

/**
 * Validates one package like Amazon does and applies it. A packageReferenceId already confirmed for the order is
 * refused (strict: whether Amazon answers a re-sent package with 204 or an error is not documented; the fake takes
 * the stricter reading, so a blind resend shows up as a failure).
 */
function confirmPackage(state: FakeAmazonState, o: FakeOrder, body: Raw): string | null {
  const p = body.packageDetail as Raw | undefined;
  if (body.marketplaceId !== o.order.MarketplaceId) return 'marketplaceId does not match the order';
  if (!p) return 'packageDetail is required';
  for (const f of ['packageReferenceId', 'carrierCode', 'trackingNumber', 'shipDate', 'orderItems']) if (p[f] === undefined) return `packageDetail.${f} is required`;
  if (!/^[1-9]\d*$/.test(String(p.packageReferenceId))) return 'packageReferenceId: only positive numeric values are supported';
  if (p.carrierCode === 'Other' && !p.carrierName) return 'carrierName is required when carrierCode is Other';
  const ref = String(p.packageReferenceId);
  const prior = o.packages.get(ref);
  if (!prior && !['Unshipped', 'PartiallyShipped'].includes(String(o.order.OrderStatus))) return `order is ${String(o.order.OrderStatus)}`;
  if (prior) return `packageReferenceId ${ref} has already been confirmed for this order`;
  const lines = p.orderItems as { orderItemId?: string; quantity?: number }[];
  for (const l of lines) {
    const item = o.items.find((i) => i.OrderItemId === l.orderItemId);
    if (!item) return `orderItemId ${String(l.orderItemId)} is not in the order`;
    const left = Number(item.QuantityOrdered) - Number(item.QuantityShipped ?? 0);
    if (!Number.isInteger(l.quantity) || l.quantity! < 1 || l.quantity! > left) return `quantity for ${String(l.orderItemId)} exceeds the unshipped quantity`;
  }
  for (const l of lines) {
    const item = o.items.find((i) => i.OrderItemId === l.orderItemId)!;
    item.QuantityShipped = Number(item.QuantityShipped ?? 0) + l.quantity!;
  }
  o.packages.set(ref, p);
  const done = o.items.every((i) => Number(i.QuantityShipped) >= Number(i.QuantityOrdered));
  state.touchOrder(String(o.order.AmazonOrderId), { OrderStatus: done ? 'Shipped' : 'PartiallyShipped' });
  return null;
}
