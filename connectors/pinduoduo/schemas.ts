import { z } from 'zod';
import { parseRecord as parsePayloadRecord } from '../payload.js';

/**
 * Pinduoduo payloads (field list from the API's published response model): amounts on orders and after-sales
 * are yuan, sent as strings or numbers; 64-bit ids arrive as numbers or strings and become strings.
 */
const id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
/** Goods and SKU ids the hub only carries: any non-empty string (ids are strings, whatever they look like). */
const anyId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const yuan = z.union([z.string().regex(/^-?\d+(\.\d{1,2})?$/), z.number().finite().transform((n) => n.toFixed(2))]);
const int = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const pddTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected yyyy-MM-dd HH:mm:ss');
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

export const pddItemSchema = z.looseObject({
  goods_id: anyId,
  sku_id: anyId,
  outer_id: z.string().optional(),
  outer_goods_id: z.string().optional(),
  goods_name: z.string().optional(),
  goods_price: yuan,
  goods_count: int.pipe(z.number().int().min(1)),
});

export const pddOrderSchema = z.looseObject({
  order_sn: z.string().min(1),
  order_status: int.pipe(z.number().int().min(1).max(3)),
  refund_status: int.pipe(z.number().int().min(1).max(4)),
  confirm_status: int.optional(),
  created_time: pddTime,
  updated_at: pddTime,
  pay_amount: yuan,
  goods_amount: yuan,
  discount_amount: yuan.optional(),
  postage: yuan.optional(),
  receiver_name: z.string().optional(),
  receiver_phone: z.string().optional(),
  country: z.string().optional(),
  province: z.string().optional(),
  city: z.string().optional(),
  town: z.string().optional(),
  address: z.string().optional(),
  receiver_address: z.string().optional(),
  buyer_memo: z.string().optional(),
  remark: z.string().optional(),
  is_pre_sale: int.optional(),
  risk_control_status: int.optional(),
  item_list: z.array(pddItemSchema).min(1),
});
export type PddOrder = z.infer<typeof pddOrderSchema>;

export const pddRefundSchema = z.looseObject({
  id,
  order_sn: z.string().min(1),
  after_sales_status: int,
  after_sales_type: int.optional(),
  sku_id: id.optional(),
  goods_number: int.optional(),
  refund_amount: yuan.optional(),
  after_sale_reason: z.string().optional(),
  updated_time: pddTime,
});
export type PddRefund = z.infer<typeof pddRefundSchema>;

export const orderPageSchema = z.looseObject({ total_count: int.optional(), has_next: bool.optional(), order_sn_list: z.array(z.unknown()).optional() });
export const refundPageSchema = z.looseObject({ total_count: int.optional(), refund_list: z.array(z.unknown()).optional() });
export const onlineSendSchema = z.looseObject({ is_success: bool });
export const quantityUpdateSchema = z.looseObject({ is_success: bool.optional() });
export const pddErrorSchema = z.looseObject({
  error_response: z.looseObject({ error_code: int, error_msg: z.string().optional(), sub_code: z.string().optional(), sub_msg: z.string().optional() }),
});


/** Parses one list element, naming the record and the field that failed. */
export const parseRecord = <T>(schema: z.ZodType<T>, v: unknown, what: string, idField: string): T => parsePayloadRecord('pinduoduo', schema, v, what, idField);
