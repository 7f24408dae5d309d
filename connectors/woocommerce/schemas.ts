import { z } from 'zod';
import { ConnectorError } from '../errors.js';

/**
 * WooCommerce REST v3 payloads as the connector accepts them: unknown fields tolerated (plugins add many),
 * missing or mistyped required ones rejected with the path that failed.
 */
const money = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string');
/** WooCommerce dates carry no offset (`2019-06-11T08:58:35`); the *_gmt variants are UTC. */
export const wcDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/, 'expected a WooCommerce date');
const id = z.number().int().nonnegative();
const str = z.string().nullish();

export const wcMetaSchema = z.looseObject({ key: z.string(), value: z.unknown() });

export const wcAddressSchema = z.looseObject({
  first_name: str, last_name: str, company: str, address_1: str, address_2: str,
  city: str, state: str, postcode: str, country: str, email: str, phone: str,
});

export const wcLineItemSchema = z.looseObject({
  id,
  name: str,
  product_id: id.nullish(),
  variation_id: id.nullish(),
  quantity: z.number().int(),
  subtotal: money.optional(),
  total: money.optional(),
  sku: str,
  price: z.union([z.number(), money]).nullish(),
  meta_data: z.array(wcMetaSchema).optional(),
});

export const wcOrderSchema = z.looseObject({
  id,
  parent_id: id.optional(),
  number: z.string().optional(),
  status: z.string().min(1),
  currency: z.string().min(3),
  date_created_gmt: wcDate,
  date_modified_gmt: wcDate,
  date_paid_gmt: wcDate.nullish(),
  total: money,
  total_tax: money,
  shipping_total: money,
  discount_total: money,
  customer_id: id.optional(),
  customer_note: str,
  billing: wcAddressSchema.optional(),
  shipping: wcAddressSchema.optional(),
  payment_method: str,
  line_items: z.array(wcLineItemSchema),
  refunds: z.array(z.looseObject({ id, total: money.optional() })).optional(),
});
export type WcOrder = z.infer<typeof wcOrderSchema>;

export const wcRefundSchema = z.looseObject({
  id,
  date_created_gmt: wcDate,
  amount: money,
  reason: str,
  refunded_payment: z.boolean().optional(),
  line_items: z.array(wcLineItemSchema.extend({ quantity: z.number().int() })).optional(),
});
export type WcRefund = z.infer<typeof wcRefundSchema>;

export const wcErrorSchema = z.looseObject({ code: z.string(), message: z.string().optional() });
export const wcListSchema = z.array(z.unknown());
export const wcIdSchema = z.looseObject({ id });
export const wcTrackingSchema = z.looseObject({ tracking_id: z.union([z.string(), z.number()]), tracking_number: z.string() });
export const wcNoteSchema = z.looseObject({ id, note: z.string() });
export const wcProductRefSchema = z.looseObject({ id, sku: z.string().nullish(), parent_id: id.optional(), type: z.string().optional() });

const batchItem = z.looseObject({ id: id.optional(), error: z.looseObject({ code: z.string(), message: z.string().optional() }).optional() });
export const wcBatchResponseSchema = z.looseObject({ update: z.array(batchItem).optional() });

export const wcWebhookBodySchema = z.looseObject({ id: z.union([z.number(), z.string()]), date_modified_gmt: z.string().optional() });

/** Parses one item of a platform answer, naming the object and the field that failed. */
export function parseItem<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const itemId = (value as { id?: unknown } | null)?.id;
  const field = issue?.path.join('.') || '(root)';
  throw new ConnectorError('invalid_payload', `woocommerce ${what} ${String(itemId ?? '?')}: ${field}: ${issue?.message ?? 'invalid'}`);
}
