import { describe, expect, it } from 'vitest';
import { divideMoney, sumMoney, toScaled } from '../../../connectors/amazon/decimal.js';
import { currencyOf, toNormalizedOrder, toNormalizedRefund } from '../../../connectors/amazon/mapper.js';
import { amazonOrderItemSchema, amazonOrderSchema, refundEventSchema } from '../../../connectors/amazon/schemas.js';

// Shaped after the getOrders / getOrderItems examples in the ordersV0 model, with a restricted-data address.
const rawOrder = {
  AmazonOrderId: '902-1845936-5435065',
  PurchaseDate: '2025-03-08T23:15:47Z',
  LastUpdateDate: '2025-03-09T02:30:11Z',
  OrderStatus: 'PartiallyShipped',
  FulfillmentChannel: 'MFN',
  SalesChannel: 'Amazon.com',
  ShipServiceLevel: 'Std US D2D Dom',
  OrderTotal: { CurrencyCode: 'USD', Amount: '55.87' },
  NumberOfItemsShipped: 1,
  NumberOfItemsUnshipped: 2,
  PaymentMethod: 'Other',
  PaymentMethodDetails: ['Standard'],
  MarketplaceId: 'ATVPDKIKX0DER',
  ShipmentServiceLevelCategory: 'Standard',
  OrderType: 'StandardOrder',
  EarliestShipDate: '2025-03-09T08:00:00Z',
  LatestShipDate: '2025-03-11T07:59:59Z',
  IsBusinessOrder: false,
  IsPrime: false,
  IsGlobalExpressEnabled: false,
  IsPremiumOrder: false,
  IsSoldByAB: false,
  IsReplacementOrder: 'false',
  ShippingAddress: {
    Name: 'Michigan Address', AddressLine1: '1 Cross St.', AddressLine2: 'Apt 2', City: 'Canton', StateOrRegion: 'MI',
    PostalCode: '48817', CountryCode: 'us', Phone: '+1 480-386-0930 ext. 73824', AddressType: 'Residential',
  },
  BuyerInfo: { BuyerEmail: 'user@marketplace.amazon.com', BuyerName: 'John Doe', BuyerTaxInfo: { CompanyLegalName: 'A Company Name' } },
  AutomatedShippingSettings: { HasAutomatedShippingSettings: false },
};
const rawItems = [
  {
    ASIN: 'B00551Q3CS', OrderItemId: '05015851154158', SellerSKU: 'NABetaASINB00551Q3CS', Title: 'B00551Q3CS [Card Book]',
    QuantityOrdered: 2, QuantityShipped: 1, ProductInfo: { NumberOfItems: '1' }, PointsGranted: { PointsNumber: 0 },
    ItemPrice: { CurrencyCode: 'USD', Amount: '40.00' }, ItemTax: { CurrencyCode: 'USD', Amount: '3.20' },
    ShippingPrice: { CurrencyCode: 'USD', Amount: '5.99' }, ShippingTax: { CurrencyCode: 'USD', Amount: '0.48' },
    ShippingDiscount: { CurrencyCode: 'USD', Amount: '1.00' }, PromotionDiscount: { CurrencyCode: 'USD', Amount: '2.00' },
    IsGift: 'false', ConditionId: 'New', IsTransparency: false,
  },
  { ASIN: 'B07X8Q9RSW', OrderItemId: '05015851154159', SellerSKU: 'MUG-BLUE', Title: 'Mug', QuantityOrdered: 3, ItemPrice: { CurrencyCode: 'USD', Amount: '10.00' } },
  { ASIN: 'B0CANCELED', OrderItemId: '05015851154160', SellerSKU: 'GONE', QuantityOrdered: 0, ItemPrice: { CurrencyCode: 'USD', Amount: '0.00' } },
];

describe('amazon mapper', () => {
  it('maps a realistic order with items to the hub order', () => {
    const o = amazonOrderSchema.parse(rawOrder);
    const items = rawItems.map((i) => amazonOrderItemSchema.parse(i));
    const n = toNormalizedOrder(o, items, currencyOf(o, items)!);
    expect(n).toMatchObject({
      platformOrderId: '902-1845936-5435065',
      platformStatus: 'PartiallyShipped',
      state: 'partially_shipped',
      currency: 'USD',
      buyer: { name: 'John Doe', email: 'user@marketplace.amazon.com' },
      address: { name: 'Michigan Address', line1: '1 Cross St.', line2: 'Apt 2', city: 'Canton', region: 'MI', postalCode: '48817', country: 'US' },
      amounts: { subtotal: '50.00', shipping: '5.99', tax: '3.68', discount: '3.00', total: '55.87' },
    });
    expect(n.platformCreatedAt.toISOString()).toBe('2025-03-08T23:15:47.000Z');
    expect(n.platformUpdatedAt.toISOString()).toBe('2025-03-09T02:30:11.000Z');
    expect(n.lines).toEqual([
      { lineId: '05015851154158', platformSku: 'NABetaASINB00551Q3CS', platformProductId: 'B00551Q3CS', title: 'B00551Q3CS [Card Book]', quantity: 2, unitPrice: '20.00' },
      { lineId: '05015851154159', platformSku: 'MUG-BLUE', platformProductId: 'B07X8Q9RSW', title: 'Mug', quantity: 3, unitPrice: '3.3333' },
    ]);
    expect(n.flags).toBeUndefined();
  });

  it.each([
    ['Pending', 'unpaid'], ['PendingAvailability', 'unpaid'], ['Unshipped', 'paid'], ['Shipped', 'shipped'],
    ['InvoiceUnconfirmed', 'shipped'], ['Canceled', 'cancelled'], ['Unfulfillable', 'cancelled'],
  ])('status %s is %s and kept verbatim', (status, state) => {
    const o = amazonOrderSchema.parse({ ...rawOrder, OrderStatus: status, OrderTotal: undefined });
    const n = toNormalizedOrder(o, [], currencyOf(o, [])!);
    expect([n.platformStatus, n.state, n.currency]).toEqual([status, state, 'USD']);
  });

  it('takes the currency from the marketplace when a pending order has no amounts yet', () => {
    const o = amazonOrderSchema.parse({ ...rawOrder, OrderTotal: undefined, MarketplaceId: 'A1VC38T7YXB528' });
    expect(currencyOf(o, [])).toBe('JPY');
  });

  it('flags COD and pre-orders; no address without the restricted fields', () => {
    const o = amazonOrderSchema.parse({ ...rawOrder, PaymentMethod: 'COD', OrderStatus: 'PendingAvailability', ShippingAddress: { City: 'Canton', CountryCode: 'US' } });
    const n = toNormalizedOrder(o, [], 'USD');
    expect(n.flags).toEqual({ cod: true, presale: true });
    expect(n.address).toBeUndefined();
  });

  it('rejects an order without a required field, naming it', () => {
    const { AmazonOrderId: _, ...noId } = rawOrder;
    const r = amazonOrderSchema.safeParse(noId);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['AmazonOrderId']);
    expect(amazonOrderSchema.safeParse({ ...rawOrder, OrderStatus: 'Lost' }).success).toBe(false);
    expect(amazonOrderSchema.safeParse({ ...rawOrder, OrderTotal: { CurrencyCode: 'USD', Amount: 55.87 } }).success).toBe(false);
  });

  it('maps a Finances refund event to a succeeded refund with the refunded amount and lines', () => {
    const e = refundEventSchema.parse({
      AmazonOrderId: '902-1845936-5435065', SellerOrderId: '902-1845936-5435065', MarketplaceName: 'Amazon.com', PostedDate: '2025-03-12T10:00:00Z',
      ShipmentItemAdjustmentList: [{
        SellerSKU: 'MUG-BLUE', OrderItemId: '05015851154159', OrderAdjustmentItemId: '72837473249573', QuantityShipped: 1,
        ItemChargeAdjustmentList: [
          { ChargeType: 'Principal', ChargeAmount: { CurrencyCode: 'USD', CurrencyAmount: -3.33 } },
          { ChargeType: 'Tax', ChargeAmount: { CurrencyCode: 'USD', CurrencyAmount: -0.27 } },
        ],
        ItemFeeAdjustmentList: [{ FeeType: 'Commission', FeeAmount: { CurrencyCode: 'USD', CurrencyAmount: 0.4 } }],
        PromotionAdjustmentList: [{ PromotionType: 'PromotionMetaDataDefinitionValue', PromotionAmount: { CurrencyCode: 'USD', CurrencyAmount: 0.1 } }],
      }],
    });
    expect(toNormalizedRefund(e)).toEqual({
      platformRefundId: '902-1845936-5435065:72837473249573', platformOrderId: '902-1845936-5435065', state: 'succeeded',
      lines: [{ lineId: '05015851154159', quantity: 1 }], amount: '3.50', currency: 'USD', platformUpdatedAt: new Date('2025-03-12T10:00:00Z'),
    });
  });

  it('does decimal money without float drift', () => {
    expect(sumMoney(['0.10', '0.20', 0.3])).toBe('0.60');
    expect(divideMoney('10.00', 3)).toBe('3.3333');
    expect(divideMoney('-1.00', 8)).toBe('-0.125');
    expect(toScaled('1.00005')).toBe(10001n);
    expect(() => toScaled('1,50')).toThrow();
  });
});
