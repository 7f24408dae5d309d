import { describe, expect, it } from 'vitest';
import { stateOf, toNormalizedOrder, toNormalizedRefund } from '../../../connectors/shopify/mapper.js';
import { orderSchema, refundSchema } from '../../../connectors/shopify/schemas.js';
import { makeOrder, orderNode, refundNode } from '../../fakes/shopify/fixtures.js';

/** A GraphQL Admin API order as Shopify returns it (extra fields included, ids as GIDs). */
const realistic = {
  id: 'gid://shopify/Order/450789469', legacyResourceId: '450789469', name: '#1001', createdAt: '2024-04-02T10:00:00Z', updatedAt: '2024-04-03T08:30:12Z',
  cancelledAt: null, closedAt: null, displayFinancialStatus: 'PARTIALLY_REFUNDED', displayFulfillmentStatus: 'PARTIALLY_FULFILLED', currencyCode: 'EUR',
  email: 'bob.norman@mail.example.com', phone: null, note: 'Leave at the door', paymentGatewayNames: ['bogus'], tags: ['wholesale'], test: false,
  customer: { id: 'gid://shopify/Customer/207119551', firstName: 'Bob', lastName: 'Norman', phone: '+16136120707' },
  shippingAddress: { name: 'Bob Norman', firstName: 'Bob', lastName: 'Norman', phone: '+1(800)555-1212', address1: 'Chestnut Street 92', address2: 'Apt 4', city: 'Louisville', province: 'Kentucky', provinceCode: 'KY', zip: '40202', countryCodeV2: 'us' },
  subtotalPriceSet: { shopMoney: { amount: '597.00', currencyCode: 'EUR' }, presentmentMoney: { amount: '650.10', currencyCode: 'USD' } },
  totalShippingPriceSet: { shopMoney: { amount: '10.00', currencyCode: 'EUR' } },
  totalTaxSet: { shopMoney: { amount: '11.94', currencyCode: 'EUR' } },
  totalDiscountsSet: { shopMoney: { amount: '10.00', currencyCode: 'EUR' } },
  totalPriceSet: { shopMoney: { amount: '598.94', currencyCode: 'EUR' } },
  lineItems: {
    pageInfo: { hasNextPage: false, endCursor: 'eyJsYXN0X2lkIjo0NjY1NzA5OTl9' },
    nodes: [
      { id: 'gid://shopify/LineItem/466157049', sku: 'IPOD2008GREEN', title: 'IPod Nano - 8gb', quantity: 1, variant: { id: 'gid://shopify/ProductVariant/39072856' }, product: { id: 'gid://shopify/Product/632910392' }, originalUnitPriceSet: { shopMoney: { amount: '199.00', currencyCode: 'EUR' } } },
      { id: 'gid://shopify/LineItem/518995019', sku: '', title: 'Gift wrap', quantity: 2, variant: null, product: null, originalUnitPriceSet: { shopMoney: { amount: '199.00', currencyCode: 'EUR' } } },
    ],
  },
};

describe('Shopify order mapping', () => {
  it('maps a realistic GraphQL order to the hub shape', () => {
    const o = toNormalizedOrder(orderSchema.parse(realistic));
    expect(o).toEqual({
      platformOrderId: '450789469',
      platformStatus: 'PARTIALLY_REFUNDED/PARTIALLY_FULFILLED',
      state: 'partially_shipped',
      platformCreatedAt: new Date('2024-04-02T10:00:00Z'),
      platformUpdatedAt: new Date('2024-04-03T08:30:12Z'),
      currency: 'EUR',
      buyer: { platformBuyerId: '207119551', name: 'Bob Norman', email: 'bob.norman@mail.example.com', phone: '+16136120707' },
      address: { name: 'Bob Norman', phone: '+1(800)555-1212', line1: 'Chestnut Street 92', line2: 'Apt 4', city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US' },
      lines: [
        { lineId: '466157049', platformSku: 'IPOD2008GREEN', platformProductId: '632910392', platformVariantId: '39072856', title: 'IPod Nano - 8gb', quantity: 1, unitPrice: '199.00' },
        { lineId: '518995019', platformSku: undefined, platformProductId: undefined, platformVariantId: undefined, title: 'Gift wrap', quantity: 2, unitPrice: '199.00' },
      ],
      amounts: { subtotal: '597.00', shipping: '10.00', tax: '11.94', discount: '10.00', total: '598.94' },
      remarks: { buyer: 'Leave at the door' },
      flags: undefined,
    });
  });

  it.each([
    [{ displayFinancialStatus: 'PENDING' }, 'unpaid'],
    [{ displayFinancialStatus: 'PENDING', paymentGatewayNames: ['Cash on Delivery (COD)'] }, 'paid'],
    [{ displayFinancialStatus: 'AUTHORIZED' }, 'paid'],
    [{ displayFinancialStatus: 'PAID' }, 'paid'],
    [{ displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'FULFILLED' }, 'shipped'],
    [{ displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'FULFILLED', closedAt: '2024-05-01T00:00:00Z' }, 'completed'],
    [{ displayFinancialStatus: 'REFUNDED' }, 'refunded'],
    [{ displayFinancialStatus: 'VOIDED', cancelledAt: '2024-05-01T00:00:00Z' }, 'cancelled'],
  ] as const)('normalizes %o to %s', (patch, state) => {
    const o = orderSchema.parse({ ...realistic, displayFulfillmentStatus: 'UNFULFILLED', ...patch });
    expect(stateOf(o)).toBe(state);
  });

  it('names the missing field when a required one is absent', () => {
    const { totalPriceSet: _drop, ...broken } = realistic;
    const r = orderSchema.safeParse(broken);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['totalPriceSet']);
  });

  it('maps the fake shop orders through the same schema (the fake speaks the real shape)', () => {
    const node = orderNode(makeOrder({ id: '5001', updatedAt: '2024-06-01T00:00:00Z', lineCount: 3 }), 10);
    const o = toNormalizedOrder(orderSchema.parse(node));
    expect(o.lines.map((l) => l.quantity)).toEqual([1, 2, 3]);
    expect(o.amounts.total).toBe('66.50');
  });
});

describe('Shopify refund mapping', () => {
  it('maps a refund with lines and one with money only (never "the whole order")', () => {
    const withLines = refundSchema.parse(refundNode({ id: '509562969', createdAt: '2024-04-04T00:00:00Z', updatedAt: '2024-04-04T00:00:01Z', note: 'broken', amount: '41.94', lines: [{ lineItemId: '466157049', quantity: 1 }] }, 10));
    expect(toNormalizedRefund('gid://shopify/Order/450789469', withLines)).toEqual({
      platformRefundId: '509562969', platformOrderId: '450789469', state: 'succeeded', lines: [{ lineId: '466157049', quantity: 1 }],
      amount: '41.94', currency: 'USD', reason: 'broken', platformUpdatedAt: new Date('2024-04-04T00:00:01Z'),
    });
    const moneyOnly = refundSchema.parse(refundNode({ id: '1', createdAt: '2024-04-04T00:00:00Z', updatedAt: '2024-04-04T00:00:00Z', note: null, amount: '5.00', lines: [] }, 10));
    expect(toNormalizedRefund('gid://shopify/Order/450789469', moneyOnly).lines).toEqual([]);
  });
});
