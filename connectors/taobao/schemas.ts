import { z } from 'zod';
import { parseRecord as parsePayloadRecord } from '../payload.js';

/**
 * TOP payloads as the connector accepts them: unknown fields tolerated, required ones rejected with the path
 * that failed. 64-bit ids arrive as strings (see json.ts) or as numbers when small; both become strings.
 */
export const topId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
/** Ids the hub only carries (item, SKU): any non-empty string; TOP has served non-numeric `sku_id`s (issue 10). */
const anyId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const money = z.string().regex(/^-?\d+(\.\d+)?$/);
const topTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected yyyy-MM-dd HH:mm:ss');
const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

export const tradeStatuses = [
  'TRADE_NO_CREATE_PAY', 'WAIT_BUYER_PAY', 'SELLER_CONSIGNED_PART', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_BUYER_SIGNED', 'TRADE_FINISHED', 'TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO', 'PAY_PENDING', 'WAIT_PRE_AUTH_CONFIRM', 'PAID_FORBID_CONSIGN',
] as const;

export const topOrderSchema = z.looseObject({
  oid: topId,
  num_iid: anyId.optional(),
  sku_id: anyId.or(z.literal('').transform(() => undefined)).nullish().transform((v) => v ?? undefined),
  outer_sku_id: z.string().optional(),
  outer_iid: z.string().optional(),
  title: z.string().optional(),
  num: z.number().int().min(1),
  price: money,
  refund_status: z.string().optional(),
  status: z.string().optional(),
});

export const topTradeSchema = z.looseObject({
  tid: topId,
  status: z.enum(tradeStatuses),
  type: z.string().optional(),
  created: topTime,
  modified: topTime,
  payment: money,
  total_fee: money.optional(),
  post_fee: money.optional(),
  discount_fee: money.optional(),
  buyer_nick: z.string().optional(),
  buyer_open_uid: z.string().optional(),
  buyer_message: z.string().optional(),
  seller_memo: z.string().optional(),
  receiver_name: z.string().optional(),
  receiver_mobile: z.string().optional(),
  receiver_phone: z.string().optional(),
  receiver_country: z.string().optional(),
  receiver_state: z.string().optional(),
  receiver_city: z.string().optional(),
  receiver_district: z.string().optional(),
  receiver_town: z.string().optional(),
  receiver_address: z.string().optional(),
  receiver_zip: z.string().optional(),
  orders: z.looseObject({ order: z.array(topOrderSchema).min(1) }),
});
export type TopTrade = z.infer<typeof topTradeSchema>;

export const refundStatuses = [
  'WAIT_SELLER_AGREE', 'WAIT_BUYER_RETURN_GOODS', 'WAIT_SELLER_CONFIRM_GOODS', 'SELLER_REFUSE_BUYER', 'CLOSED', 'SUCCESS',
  'WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS', 'EXCHANGE_TRANSFORM_TO_REFUND', 'WAIT_SELLER_CONSIGN_GOODS',
] as const;

export const topRefundSchema = z.looseObject({
  refund_id: topId,
  tid: topId,
  oid: topId.optional(),
  status: z.enum(refundStatuses),
  created: topTime.optional(),
  modified: topTime,
  refund_fee: money.optional(),
  num: z.number().int().min(1).optional(),
  reason: z.string().optional(),
  good_status: z.string().optional(),
  has_good_return: bool.optional(),
});
export type TopRefund = z.infer<typeof topRefundSchema>;

/** A list page: `total_results` plus the singular-wrapped list (absent when the page is empty). */
export const tradesPageSchema = z.looseObject({ total_results: count.optional(), has_next: bool.optional(), trades: z.looseObject({ trade: z.array(z.unknown()) }).optional() });
export const refundsPageSchema = z.looseObject({ total_results: count.optional(), has_next: bool.optional(), refunds: z.looseObject({ refund: z.array(z.unknown()) }).optional() });
export const offlineSendSchema = z.looseObject({ shipping: z.looseObject({ is_success: bool }) });
export const quantityUpdateSchema = z.looseObject({ item: z.looseObject({ num_iid: topId }) });
export const topErrorSchema = z.looseObject({
  error_response: z.looseObject({ code: count, msg: z.string().optional(), sub_code: z.string().optional(), sub_msg: z.string().optional() }),
});


/** Parses one list element, naming the record and the field that failed. */
export const parseRecord = <T>(schema: z.ZodType<T>, v: unknown, what: string, idField: string): T => parsePayloadRecord('taobao', schema, v, what, idField);
