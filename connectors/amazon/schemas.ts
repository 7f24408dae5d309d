import { z } from 'zod';

/**
 * SP-API payloads as the connector accepts them (Orders v0, Finances v0, Listings Items 2021-08-01, Feeds 2021-06-30, LWA):
 * unknown fields tolerated, missing or mistyped required ones rejected with the path that failed.
 */
const amount = z.string().regex(/^-?\d+(\.\d+)?$/);
const isoDate = z.iso.datetime({ offset: true });

export const moneySchema = z.looseObject({ CurrencyCode: z.string().length(3), Amount: amount });

export const amazonAddressSchema = z.looseObject({
  Name: z.string().optional(),
  AddressLine1: z.string().optional(),
  AddressLine2: z.string().optional(),
  AddressLine3: z.string().optional(),
  City: z.string().optional(),
  StateOrRegion: z.string().optional(),
  PostalCode: z.string().optional(),
  CountryCode: z.string().optional(),
  Phone: z.string().optional(),
});

export const amazonOrderStatuses = [
  'PendingAvailability', 'Pending', 'Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed', 'Canceled', 'Unfulfillable',
] as const;

export const amazonOrderSchema = z.looseObject({
  AmazonOrderId: z.string().min(1),
  SellerOrderId: z.string().optional(),
  PurchaseDate: isoDate,
  LastUpdateDate: isoDate,
  OrderStatus: z.enum(amazonOrderStatuses),
  FulfillmentChannel: z.enum(['AFN', 'MFN']).optional(),
  OrderTotal: moneySchema.optional(),
  PaymentMethod: z.string().optional(),
  MarketplaceId: z.string().optional(),
  IsPrime: z.boolean().optional(),
  IsBusinessOrder: z.boolean().optional(),
  IsPremiumOrder: z.boolean().optional(),
  ShippingAddress: amazonAddressSchema.optional(),
  BuyerInfo: z.looseObject({ BuyerEmail: z.string().optional(), BuyerName: z.string().optional() }).optional(),
});
export type AmazonOrderPayload = z.infer<typeof amazonOrderSchema>;

export const amazonOrderItemSchema = z.looseObject({
  ASIN: z.string().min(1),
  SellerSKU: z.string().optional(),
  OrderItemId: z.string().min(1),
  Title: z.string().optional(),
  QuantityOrdered: z.number().int().min(0),
  QuantityShipped: z.number().int().min(0).optional(),
  ItemPrice: moneySchema.optional(),
  ItemTax: moneySchema.optional(),
  ShippingPrice: moneySchema.optional(),
  ShippingTax: moneySchema.optional(),
  ShippingDiscount: moneySchema.optional(),
  PromotionDiscount: moneySchema.optional(),
});
export type AmazonOrderItemPayload = z.infer<typeof amazonOrderItemSchema>;

export const ordersPageSchema = z.looseObject({
  payload: z.looseObject({ Orders: z.array(z.unknown()), NextToken: z.string().optional(), LastUpdatedBefore: z.string().optional() }),
});
export const orderItemsPageSchema = z.looseObject({
  payload: z.looseObject({ AmazonOrderId: z.string(), OrderItems: z.array(z.unknown()), NextToken: z.string().optional() }),
});

/** Finances v0 money uses CurrencyAmount (a JSON number), not Amount. */
export const financesMoneySchema = z.looseObject({ CurrencyCode: z.string().optional(), CurrencyAmount: z.number().optional() });
export const refundEventSchema = z.looseObject({
  AmazonOrderId: z.string().min(1),
  PostedDate: isoDate,
  MarketplaceName: z.string().optional(),
  ShipmentItemAdjustmentList: z.array(z.looseObject({
    SellerSKU: z.string().optional(),
    OrderItemId: z.string().optional(),
    OrderAdjustmentItemId: z.string().optional(),
    QuantityShipped: z.number().int().optional(),
    ItemChargeAdjustmentList: z.array(z.looseObject({ ChargeType: z.string().optional(), ChargeAmount: financesMoneySchema.optional() })).optional(),
    ItemFeeAdjustmentList: z.array(z.unknown()).optional(),
    PromotionAdjustmentList: z.array(z.looseObject({ PromotionAmount: financesMoneySchema.optional() })).optional(),
  })).optional(),
});
export type AmazonRefundEventPayload = z.infer<typeof refundEventSchema>;
export const financialEventsPageSchema = z.looseObject({
  payload: z.looseObject({
    NextToken: z.string().optional(),
    FinancialEvents: z.looseObject({ RefundEventList: z.array(z.unknown()).optional() }),
  }),
});

export const lwaTokenSchema = z.looseObject({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().positive() });
export const lwaErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

export const spErrorsSchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.string(), message: z.string().optional(), details: z.string().optional() })).min(1),
});

export const listingsPatchResponseSchema = z.looseObject({
  sku: z.string(),
  status: z.enum(['ACCEPTED', 'INVALID', 'VALID']),
  submissionId: z.string().optional(),
  issues: z.array(z.looseObject({ code: z.string().optional(), message: z.string().optional(), severity: z.string().optional() })).optional(),
});
export const feedDocumentSchema = z.looseObject({ feedDocumentId: z.string().min(1), url: z.url() });
export const createFeedSchema = z.looseObject({ feedId: z.string().min(1) });
export const emptySchema = z.unknown();
