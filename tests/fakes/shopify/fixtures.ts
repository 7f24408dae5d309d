/**
 * Shopify GraphQL-shaped records for the fake shop. Shapes follow the Admin API objects the connector reads
 * (Order, LineItem, Refund, FulfillmentOrder, Fulfillment, ProductVariant); extra fields are kept on purpose.
 */
const money = (amount: string, currencyCode = 'USD') => ({ shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } });

export interface FakeLine { id: string; sku: string; variantId: string; productId: string; title: string; quantity: number; price: string }
export interface FakeFoLine { id: string; lineItemId: string; remainingQuantity: number; totalQuantity: number }
export interface FakeFulfillmentOrder { id: string; status: string; locationId: string; lineItems: FakeFoLine[] }
export interface FakeFulfillment { id: string; status: string; trackingInfo: { number: string; company: string | null; url: string | null }[]; lines: { lineItemId: string; quantity: number }[] }
export interface FakeRefund { id: string; createdAt: string; updatedAt: string; note: string | null; amount: string; lines: { lineItemId: string; quantity: number }[] }

export interface FakeOrder {
  id: string; // numeric
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closedAt: string | null;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  currencyCode: string;
  email: string | null;
  note: string | null;
  paymentGatewayNames: string[];
  lines: FakeLine[];
  shipping: string;
  tax: string;
  discount: string;
  refunds: FakeRefund[];
  fulfillmentOrders: FakeFulfillmentOrder[];
  fulfillments: FakeFulfillment[];
  /** Replace a field with a wrong value to test payload validation. */
  corrupt?: Record<string, unknown>;
}

let seq = 1000;
export const nextId = () => String(++seq);

export function makeOrder(p: Partial<FakeOrder> & { id: string; updatedAt: string; lineCount?: number; locations?: string[] }): FakeOrder {
  const n = p.lineCount ?? 2;
  const lines: FakeLine[] = p.lines ?? Array.from({ length: n }, (_, i) => ({
    id: `${p.id}${i + 1}`, sku: `SKU-${i + 1}`, variantId: `4${p.id}${i + 1}`, productId: `7${i + 1}`, title: `Item ${i + 1}`, quantity: i + 1, price: '10.00',
  }));
  const locations = p.locations ?? ['655441491'];
  const fulfillmentOrders = locations.map((loc, k) => ({
    id: `9${p.id}${k}`,
    status: 'OPEN',
    locationId: loc,
    lineItems: lines.filter((_, i) => i % locations.length === k).map((l) => ({ id: `8${l.id}`, lineItemId: l.id, remainingQuantity: l.quantity, totalQuantity: l.quantity })),
  }));
  return {
    name: `#${p.id}`, createdAt: p.updatedAt, cancelledAt: null, closedAt: null, displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'UNFULFILLED',
    currencyCode: 'USD', email: 'bob@example.com', note: null, paymentGatewayNames: ['shopify_payments'], shipping: '5.00', tax: '1.50', discount: '0.00',
    refunds: [], fulfillments: [], ...p, lines, fulfillmentOrders: p.fulfillmentOrders ?? fulfillmentOrders,
  };
}

const sum = (o: FakeOrder) => o.lines.reduce((a, l) => a + Number(l.price) * l.quantity, 0);

export function lineNode(l: FakeLine) {
  return {
    id: `gid://shopify/LineItem/${l.id}`, sku: l.sku, title: l.title, name: l.title, quantity: l.quantity, currentQuantity: l.quantity,
    variant: { id: `gid://shopify/ProductVariant/${l.variantId}` }, product: { id: `gid://shopify/Product/${l.productId}` },
    originalUnitPriceSet: money(l.price),
  };
}

export function refundNode(r: FakeRefund, linesFirst: number) {
  return {
    id: `gid://shopify/Refund/${r.id}`, createdAt: r.createdAt, updatedAt: r.updatedAt, note: r.note, totalRefundedSet: money(r.amount),
    refundLineItems: connection(r.lines.map((l) => ({ quantity: l.quantity, restockType: 'NO_RESTOCK', lineItem: { id: `gid://shopify/LineItem/${l.lineItemId}` } })), linesFirst, null),
  };
}

/** A GraphQL connection over a list, with index cursors (nested connections). */
export function connection<T>(items: T[], first: number, after: string | null) {
  const start = after ? Number(Buffer.from(after, 'base64').toString().split(':')[1]) + 1 : 0;
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length - 1;
  return { pageInfo: { hasNextPage: start + first < items.length, endCursor: nodes.length ? Buffer.from(`idx:${end}`).toString('base64') : null }, nodes };
}

export function orderNode(o: FakeOrder, linesFirst: number) {
  const subtotal = (sum(o) - Number(o.discount)).toFixed(2);
  const total = (Number(subtotal) + Number(o.shipping) + Number(o.tax)).toFixed(2);
  const node: Record<string, unknown> = {
    id: `gid://shopify/Order/${o.id}`, legacyResourceId: o.id, name: o.name, createdAt: o.createdAt, updatedAt: o.updatedAt, cancelledAt: o.cancelledAt, closedAt: o.closedAt,
    displayFinancialStatus: o.displayFinancialStatus, displayFulfillmentStatus: o.displayFulfillmentStatus, currencyCode: o.currencyCode,
    email: o.email, phone: null, note: o.note, paymentGatewayNames: o.paymentGatewayNames, test: false, tags: ['vip'],
    customer: { id: 'gid://shopify/Customer/207119551', firstName: 'Bob', lastName: 'Norman', phone: '+13125551212' },
    shippingAddress: {
      name: 'Bob Norman', firstName: 'Bob', lastName: 'Norman', phone: '+1(800)555-1212', address1: 'Chestnut Street 92', address2: '', city: 'Louisville',
      province: 'Kentucky', provinceCode: 'KY', zip: '40202', countryCodeV2: 'US', country: 'United States',
    },
    subtotalPriceSet: money(subtotal), totalShippingPriceSet: money(o.shipping), totalTaxSet: money(o.tax), totalDiscountsSet: money(o.discount), totalPriceSet: money(total),
    lineItems: connection(o.lines.map(lineNode), linesFirst, null),
    ...o.corrupt,
  };
  return node;
}
