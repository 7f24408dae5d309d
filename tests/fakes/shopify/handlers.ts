import { connection, lineNode, orderNode, refundNode, type FakeOrder } from './fixtures.js';
import type { FakeShopState } from './state.js';

type Vars = Record<string, unknown>;
export type GqlResult = { data?: unknown; errors?: unknown[] };

const first = (query: string, field: string, fallback: number) => Number(new RegExp(`${field}\\(first: (\\d+)`).exec(query)?.[1] ?? fallback);

/** `updated_at:>='…' AND updated_at:<='…'` (the subset of Shopify search syntax the hub sends). */
function matchesSearch(o: FakeOrder, search: string): boolean {
  for (const m of search.matchAll(/updated_at:(>=|<=|>|<)'([^']+)'/g)) {
    const [, op, at] = m;
    const a = Date.parse(o.updatedAt);
    const b = Date.parse(at!);
    if ((op === '>=' && !(a >= b)) || (op === '<=' && !(a <= b)) || (op === '>' && !(a > b)) || (op === '<' && !(a < b))) return false;
  }
  return true;
}

/** Keyset order: (updatedAt, id) for `sortKey: UPDATED_AT`, else by id; cursors encode the last row's sort value and id. */
let sortByUpdated = true;
const key = (o: FakeOrder) => [sortByUpdated ? Date.parse(o.updatedAt) : 0, BigInt(o.id)] as const;
const cmp = (a: readonly [number, bigint], b: readonly [number, bigint]) => (a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
const encodeKey = (o: FakeOrder) => Buffer.from(JSON.stringify({ last_id: o.id, last_value: o.updatedAt })).toString('base64');
function decodeKey(c: string): readonly [number, bigint] {
  const v = JSON.parse(Buffer.from(c, 'base64').toString()) as { last_id: string; last_value: string };
  return [sortByUpdated ? Date.parse(v.last_value) : 0, BigInt(v.last_id)];
}

function ordersPage(s: FakeShopState, query: string, vars: Vars) {
  sortByUpdated = /sortKey: UPDATED_AT/.test(query);
  const matching = [...s.orders.values()].filter((o) => matchesSearch(o, String(vars.query ?? ''))).sort((a, b) => cmp(key(a), key(b)));
  const after = typeof vars.after === 'string' ? decodeKey(vars.after) : null;
  const rest = after ? matching.filter((o) => cmp(key(o), after) > 0) : matching;
  const n = Number(vars.first);
  const page = rest.slice(0, n);
  const last = page.at(-1);
  return { page, pageInfo: { hasNextPage: rest.length > n, endCursor: last ? encodeKey(last) : null } };
}

/** An order node, with its first refunds when the query asks for them (as the Admin API nests them). */
function withRefunds(o: FakeOrder, query: string) {
  const node = orderNode(o, first(query, 'lineItems', 10));
  if (!/refunds\(first:/.test(query)) return node;
  return { refunds: o.refunds.slice(0, first(query, 'refunds', 10)).map((r) => refundNode(r, first(query, 'refundLineItems', 10))), ...node };
}

export function handle(s: FakeShopState, op: string, query: string, vars: Vars): GqlResult {
  switch (op) {
    case 'HubOrders': {
      const { page, pageInfo } = ordersPage(s, query, vars);
      return { data: { orders: { pageInfo, nodes: page.map((o) => withRefunds(o, query)) } } };
    }
    case 'HubOrder': {
      const o = s.byGid(String(vars.id));
      return { data: { order: o ? withRefunds(o, query) : null } };
    }
    case 'HubRefunds': {
      const { page, pageInfo } = ordersPage(s, query, vars);
      const rf = first(query, 'refunds', 10);
      const rl = first(query, 'refundLineItems', 10);
      return { data: { orders: { pageInfo, nodes: page.map((o) => ({ id: `gid://shopify/Order/${o.id}`, currencyCode: o.currencyCode, refunds: o.refunds.slice(0, rf).map((r) => refundNode(r, rl)) })) } } };
    }
    case 'HubOrderRefunds': {
      const o = s.byGid(String(vars.id));
      return { data: { order: o ? { refunds: o.refunds.slice(0, first(query, 'refunds', 10)).map((r) => refundNode(r, first(query, 'refundLineItems', 10))) } : null } };
    }
    case 'HubMoreLines': {
      const o = s.byGid(String(vars.id));
      const after = typeof vars.after === 'string' ? vars.after : null;
      return { data: { node: o ? { lineItems: connection(o.lines.map(lineNode), first(query, 'lineItems', 10), after) } : null } };
    }
    case 'HubOrdersCount':
      return { data: { ordersCount: { count: [...s.orders.values()].filter((o) => matchesSearch(o, String(vars.query ?? ''))).length, precision: 'EXACT' } } };
    case 'HubFulfilmentState':
      return { data: { order: s.fulfilmentState(String(vars.id)) } };
    case 'HubFulfil':
      return { data: { fulfillmentCreate: s.fulfillmentCreate(vars.fulfillment as never) } };
    case 'HubVariants':
      return { data: { nodes: (vars.ids as string[]).map((id) => s.variantNode(id)) } };
    case 'HubVariantsBySku': {
      const skus = [...String(vars.query).matchAll(/sku:"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
      return { data: { productVariants: { nodes: s.variants.filter((v) => skus.includes(v.sku)).slice(0, Number(vars.first)).map((v) => s.variantNode(`gid://shopify/ProductVariant/${v.id}`)) } } };
    }
    case 'HubPrimaryLocation':
      return { data: { location: { id: `gid://shopify/Location/${s.primaryLocationId}` } } };
    case 'HubProductStatus':
      return { data: { productUpdate: s.productUpdate(vars.product as never) } };
    case 'HubSetStock':
      return s.inventorySet(vars.input as never);
    default:
      return { errors: [{ message: `Field '${op}' doesn't exist on type 'QueryRoot'`, extensions: { code: 'undefinedField' } }] };
  }
}
