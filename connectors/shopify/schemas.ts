import { z } from 'zod';

/**
 * Raw GraphQL Admin API payloads as the connector accepts them: unknown fields tolerated, required ones
 * checked, so a missing field fails with its path instead of turning into `undefined` downstream.
 */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const isoDate = z.iso.datetime({ offset: true });
const gidOf = (kind: string) => z.string().startsWith(`gid://shopify/${kind}/`);
export const moneyBag = z.looseObject({ shopMoney: z.looseObject({ amount: decimal, currencyCode: z.string() }) });
const pageInfo = z.looseObject({ hasNextPage: z.boolean(), endCursor: z.string().nullable().optional() });

export const lineItemSchema = z.looseObject({
  id: gidOf('LineItem'),
  sku: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  quantity: z.number().int().min(0),
  variant: z.looseObject({ id: gidOf('ProductVariant') }).nullable().optional(),
  product: z.looseObject({ id: gidOf('Product') }).nullable().optional(),
  originalUnitPriceSet: moneyBag,
});
export const lineItemConnection = z.looseObject({ pageInfo, nodes: z.array(lineItemSchema) });

export const addressSchema = z.looseObject({
  name: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  address1: z.string().nullable().optional(),
  address2: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  province: z.string().nullable().optional(),
  provinceCode: z.string().nullable().optional(),
  zip: z.string().nullable().optional(),
  countryCodeV2: z.string().nullable().optional(),
});

export const orderSchema = z.looseObject({
  id: gidOf('Order'),
  name: z.string().optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
  cancelledAt: isoDate.nullable().optional(),
  closedAt: isoDate.nullable().optional(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  currencyCode: z.string().length(3),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  // Seen null from the platform (issue 10): a missing list of gateways must not refuse the order.
  paymentGatewayNames: z.array(z.string().nullable()).nullish().transform((v) => v?.filter((x): x is string => x !== null)),
  customer: z.looseObject({
    id: gidOf('Customer'), firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional(), phone: z.string().nullable().optional(),
  }).nullable().optional(),
  shippingAddress: addressSchema.nullable().optional(),
  subtotalPriceSet: moneyBag.nullable().optional(),
  totalShippingPriceSet: moneyBag,
  totalTaxSet: moneyBag.nullable().optional(),
  totalDiscountsSet: moneyBag.nullable().optional(),
  totalPriceSet: moneyBag,
  lineItems: lineItemConnection,
  /** The first refunds, read with the order (see queries.ts ORDER_REFUNDS_FIRST). */
  refunds: z.array(z.unknown()).nullish(),
});
export type ShopifyOrder = z.infer<typeof orderSchema>;

export const refundLineItemConnection = z.looseObject({
  pageInfo,
  nodes: z.array(z.looseObject({ quantity: z.number().int().min(0), lineItem: z.looseObject({ id: gidOf('LineItem') }) })),
});
export const refundSchema = z.looseObject({
  id: gidOf('Refund'),
  createdAt: isoDate,
  updatedAt: isoDate.optional(),
  note: z.string().nullable().optional(),
  totalRefundedSet: moneyBag,
  refundLineItems: refundLineItemConnection,
});
export type ShopifyRefund = z.infer<typeof refundSchema>;
export const orderRefundsSchema = z.looseObject({ id: gidOf('Order'), currencyCode: z.string(), refunds: z.array(z.unknown()) });

/** Pages are validated shallowly; each node is then validated on its own so the error names the order. */
export const ordersPageSchema = z.looseObject({ orders: z.looseObject({ pageInfo, nodes: z.array(z.unknown()) }) });
export const orderOneSchema = z.looseObject({ order: z.unknown().nullable() });
export const ordersCountSchema = z.looseObject({ ordersCount: z.looseObject({ count: z.number().int().min(0), precision: z.string() }) });
export const nodeLineItemsSchema = z.looseObject({ node: z.looseObject({ lineItems: lineItemConnection }).nullable() });
export const nodeRefundLinesSchema = z.looseObject({ node: z.looseObject({ refundLineItems: refundLineItemConnection }).nullable() });
export const orderAllRefundsSchema = z.looseObject({ order: z.looseObject({ refunds: z.array(z.unknown()) }).nullable() });

export const userErrors = z.array(z.looseObject({ field: z.array(z.string()).nullable().optional(), message: z.string(), code: z.string().nullable().optional() }));

export const fulfilmentStateSchema = z.looseObject({
  order: z.looseObject({
    id: gidOf('Order'),
    fulfillmentOrders: z.looseObject({
      nodes: z.array(z.looseObject({
        id: gidOf('FulfillmentOrder'),
        status: z.string(),
        assignedLocation: z.looseObject({ location: z.looseObject({ id: z.string() }).nullable().optional() }).nullable().optional(),
        lineItems: z.looseObject({
          nodes: z.array(z.looseObject({ id: z.string(), remainingQuantity: z.number().int(), lineItem: z.looseObject({ id: gidOf('LineItem') }) })),
        }),
      })),
    }),
    fulfillments: z.array(z.looseObject({
      id: gidOf('Fulfillment'),
      status: z.string(),
      trackingInfo: z.array(z.looseObject({ number: z.string().nullable().optional() })),
      fulfillmentLineItems: z.looseObject({ nodes: z.array(z.looseObject({ quantity: z.number().int(), lineItem: z.looseObject({ id: z.string() }) })) }),
    })),
  }).nullable(),
});
export type FulfilmentState = NonNullable<z.infer<typeof fulfilmentStateSchema>['order']>;

export const fulfillmentCreateSchema = z.looseObject({
  fulfillmentCreate: z.looseObject({ fulfillment: z.looseObject({ id: gidOf('Fulfillment'), status: z.string() }).nullable(), userErrors }),
});

const variantNode = z.looseObject({ id: gidOf('ProductVariant'), sku: z.string().nullable().optional(), inventoryItem: z.looseObject({ id: gidOf('InventoryItem') }) });
export type VariantNode = z.infer<typeof variantNode>;
export const variantNodesSchema = z.looseObject({ nodes: z.array(variantNode.nullable()) });
export const variantsBySkuSchema = z.looseObject({ productVariants: z.looseObject({ nodes: z.array(variantNode) }) });
export const primaryLocationSchema = z.looseObject({ location: z.looseObject({ id: gidOf('Location') }).nullable() });
export const productStatusSchema = z.looseObject({
  productUpdate: z.looseObject({ product: z.looseObject({ id: z.string(), status: z.string() }).nullable().optional(), userErrors }),
});

export const inventorySetSchema = z.looseObject({
  inventorySetQuantities: z.looseObject({ inventoryAdjustmentGroup: z.looseObject({ id: z.string() }).nullable().optional(), userErrors }),
});

/** The GraphQL envelope: data, errors (THROTTLED, ACCESS_DENIED …) and the cost extension. */
export const envelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  errors: z.union([
    z.array(z.looseObject({ message: z.string(), extensions: z.looseObject({ code: z.string().optional() }).optional() })),
    z.string(),
    z.record(z.string(), z.unknown()),
  ]).optional(),
  extensions: z.looseObject({
    cost: z.looseObject({
      requestedQueryCost: z.number().nullable().optional(),
      actualQueryCost: z.number().nullable().optional(),
      throttleStatus: z.looseObject({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }).optional(),
    }).optional(),
  }).optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** What a REST-shaped webhook body must carry for the hub to know which order it concerns. */
export const webhookBodySchema = z.looseObject({ id: z.union([z.string(), z.number()]).optional(), order_id: z.union([z.string(), z.number()]).nullable().optional() });
