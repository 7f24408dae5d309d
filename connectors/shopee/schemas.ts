import { z } from 'zod';

/**
 * Shopee Open Platform v2 payloads as the connector accepts them: unknown fields are tolerated, missing or
 * mistyped required ones are rejected (the client turns that into ConnectorError('invalid_payload') naming the path).
 * Shopee sends ids as JSON numbers (int64) and money as floats; both are read as numbers and converted by the mapper.
 */
const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform((v) => String(v));
/** Serial numbers Shopee documents as strings (some integrations send them as numbers). */
const sn = z.union([z.number().int(), z.string().min(1)]).transform((v) => String(v));
const unix = z.number().int().nonnegative();
const amount = z.number().finite();

/** Envelope every Shop API answer shares; `response` is checked separately with the call's own schema. */
export const envelopeSchema = z.looseObject({
  request_id: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
  response: z.unknown().optional(),
});

export const orderListSchema = z.looseObject({
  more: z.boolean(),
  next_cursor: z.string().optional().default(''),
  order_list: z.array(z.looseObject({ order_sn: z.string().min(1), order_status: z.string().optional() })),
});

export const shopeeItemSchema = z.looseObject({
  item_id: id,
  item_name: z.string().optional(),
  item_sku: z.string().optional(),
  model_id: id,
  model_name: z.string().optional(),
  model_sku: z.string().optional(),
  model_quantity_purchased: z.number().int().min(1),
  model_original_price: amount,
  model_discounted_price: amount,
});

export const shopeeAddressSchema = z.looseObject({
  name: z.string(),
  phone: z.string().optional(),
  town: z.string().optional(),
  district: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  region: z.string().optional(),
  zipcode: z.string().optional(),
  full_address: z.string(),
});

export const shopeeOrderSchema = z.looseObject({
  order_sn: z.string().min(1),
  region: z.string().min(2),
  currency: z.string().length(3),
  cod: z.boolean().optional(),
  total_amount: amount,
  order_status: z.string().min(1),
  create_time: unix,
  update_time: unix,
  pay_time: unix.optional(),
  buyer_user_id: id.optional(),
  buyer_username: z.string().optional(),
  estimated_shipping_fee: amount.optional(),
  message_to_seller: z.string().optional(),
  note: z.string().optional(),
  recipient_address: shopeeAddressSchema.optional(),
  item_list: z.array(shopeeItemSchema).min(1),
  cancel_reason: z.string().optional(),
});
export type ShopeeOrder = z.infer<typeof shopeeOrderSchema>;

export const orderDetailSchema = z.looseObject({ order_list: z.array(z.unknown()) });

export const shopeeReturnSchema = z.looseObject({
  return_sn: sn,
  order_sn: z.string().min(1),
  status: z.string().min(1),
  refund_amount: amount.optional(),
  currency: z.string().optional(),
  create_time: unix.optional(),
  update_time: unix,
  reason: z.string().optional(),
  text_reason: z.string().optional(),
  item: z.array(z.looseObject({ item_id: id, model_id: id, amount: z.number().int().min(1) })).optional(),
});
export type ShopeeReturn = z.infer<typeof shopeeReturnSchema>;

export const returnListSchema = z.looseObject({ more: z.boolean(), return: z.array(z.unknown()).optional().default([]) });

export const shippingParameterSchema = z.looseObject({
  info_needed: z.looseObject({
    dropoff: z.array(z.string()).nullish(),
    pickup: z.array(z.string()).nullish(),
    non_integrated: z.array(z.string()).nullish(),
  }),
  dropoff: z.looseObject({ branch_list: z.array(z.looseObject({ branch_id: id })).nullish() }).nullish(),
  pickup: z.looseObject({
    address_list: z.array(z.looseObject({
      address_id: id,
      address_flag: z.array(z.string()).nullish(),
      time_slot_list: z.array(z.looseObject({ pickup_time_id: z.string(), flags: z.array(z.string()).nullish() })).nullish(),
    })).nullish(),
  }).nullish(),
});
export type ShippingParameter = z.infer<typeof shippingParameterSchema>;

export const trackingNumberSchema = z.looseObject({ tracking_number: z.string().optional().default('') });

export const unlistItemSchema = z.looseObject({
  failure_list: z.array(z.looseObject({ item_id: id, failed_reason: z.string().optional().default('failed') })).nullish(),
  success_list: z.array(z.looseObject({ item_id: id, unlist: z.boolean().optional() })).nullish(),
});

export const updateStockSchema = z.looseObject({
  failure_list: z.array(z.looseObject({ model_id: id, failed_reason: z.string().optional().default('failed') })).nullish(),
  success_list: z.array(z.looseObject({ model_id: id })).nullish(),
});

/** Token endpoints answer at the top level, not inside `response`. */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expire_in: z.number().int().positive(),
});

export const pushBodySchema = z.looseObject({
  shop_id: id.optional(),
  code: z.number().int(),
  timestamp: unix.optional(),
  data: z.looseObject({ ordersn: z.string().optional(), order_sn: z.string().optional() }).optional(),
});
