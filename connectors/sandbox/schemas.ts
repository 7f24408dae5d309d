import { z } from 'zod';

/**
 * The sandbox storefront's payloads as the connector accepts them: unknown fields are tolerated (the
 * platform may add some), missing or mistyped required ones are rejected with the path that failed.
 */
const money = z.string().regex(/^-?\d+(\.\d+)?$/);
const isoDate = z.iso.datetime({ offset: true });

export const sandboxLineSchema = z.looseObject({
  id: z.string().min(1),
  product_id: z.string().optional(),
  variant_id: z.string().optional(),
  sku: z.string().optional(),
  title: z.string().optional(),
  quantity: z.number().int().min(1),
  price: money,
});

export const sandboxAddressSchema = z.looseObject({
  name: z.string(),
  phone: z.string().optional(),
  address1: z.string(),
  address2: z.string().optional(),
  city: z.string(),
  province: z.string().optional(),
  zip: z.string().optional(),
  country_code: z.string(),
});

export const sandboxOrderSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['pending_payment', 'paid', 'partially_fulfilled', 'fulfilled', 'cancelled', 'refunded']),
  created_at: isoDate,
  updated_at: isoDate,
  currency: z.string().length(3),
  customer: z.looseObject({ id: z.string().optional(), name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }),
  shipping_address: sandboxAddressSchema.nullable(),
  line_items: z.array(sandboxLineSchema).min(1),
  subtotal_price: money,
  shipping_price: money,
  total_tax: money,
  total_discounts: money,
  total_price: money,
  note: z.string().nullable().optional(),
  cash_on_delivery: z.boolean().optional(),
});
export type SandboxOrderPayload = z.infer<typeof sandboxOrderSchema>;

export const sandboxRefundSchema = z.looseObject({
  id: z.string().min(1),
  order_id: z.string().min(1),
  status: z.enum(['requested', 'approved', 'succeeded', 'rejected']),
  line_items: z.array(z.looseObject({ id: z.string(), quantity: z.number().int().min(1) })).optional(),
  amount: money,
  currency: z.string(),
  reason: z.string().nullable().optional(),
  updated_at: isoDate,
});
export type SandboxRefundPayload = z.infer<typeof sandboxRefundSchema>;

export const orderPageSchema = z.looseObject({ orders: z.array(z.unknown()), next_cursor: z.string().nullable() });
export const refundPageSchema = z.looseObject({ refunds: z.array(z.unknown()), next_cursor: z.string().nullable() });
export const countSchema = z.looseObject({ count: z.number().int().min(0) });
export const fulfillmentResponseSchema = z.looseObject({ fulfillment: z.looseObject({ id: z.string() }) });
export const inventoryResponseSchema = z.looseObject({ results: z.array(z.looseObject({ sku: z.string(), status: z.string() })) });
export const errorBodySchema = z.looseObject({ error: z.looseObject({ code: z.string(), message: z.string().optional() }) });

export const sandboxWebhookSchema = z.looseObject({ id: z.string(), order_id: z.string().optional() });
