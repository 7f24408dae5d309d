import { pddErrors, pddTimeToSecs, secsToPddTime, type PddErrorAnswer } from './protocol.js';

export interface FakePddItem {
  goods_id: number;
  sku_id: number;
  outer_id: string;
  goods_name: string;
  goods_price: number;
  goods_count: number;
}

export interface FakePddOrder {
  order_sn: string;
  order_status: number;
  refund_status: number;
  confirm_status: number;
  created_time: string;
  updated_at: string;
  pay_amount: number;
  goods_amount: number;
  discount_amount: number;
  postage: number;
  receiver_name: string;
  receiver_phone: string;
  province: string;
  city: string;
  town: string;
  address: string;
  receiver_address: string;
  item_list: FakePddItem[];
  tracking_number?: string;
  logistics_id?: number;
  [extra: string]: unknown;
}

export interface FakePddRefund {
  id: number;
  order_sn: string;
  after_sales_status: number;
  after_sales_type: number;
  sku_id: string;
  goods_number: string;
  refund_amount: string;
  after_sale_reason: string;
  updated_time: string;
}

type Answer = { ok: unknown } | { error: PddErrorAnswer };
const ok = (v: unknown): Answer => ({ ok: v });
const fail = (e: PddErrorAnswer): Answer => ({ error: e });

function listPage<T>(rows: T[], updated: (r: T) => string, p: Record<string, string>): { page: T[]; total: number } | PddErrorAnswer {
  const from = Number(p.start_updated_at);
  const to = Number(p.end_updated_at);
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) return pddErrors.badArg('start_updated_at/end_updated_at');
  if (to - from > 1800) return pddErrors.badArg('开始时间结束时间间距不超过 30 分钟');
  const page = Number(p.page ?? 1);
  const size = Number(p.page_size ?? 100);
  if (!(size >= 1 && size <= 100) || !(page >= 1)) return pddErrors.badArg('page_size 最大 100');
  const hits = rows
    .filter((r) => pddTimeToSecs(updated(r)) >= from && pddTimeToSecs(updated(r)) <= to)
    .sort((a, b) => pddTimeToSecs(updated(b)) - pddTimeToSecs(updated(a)));
  return { page: hits.slice((page - 1) * size, page * size), total: hits.length };
}

/** The fake mall's data and the business half of each PDD API the connector uses. */
export class FakePddStore {
  readonly orders = new Map<string, FakePddOrder>();
  readonly refunds: FakePddRefund[] = [];
  readonly skus = new Map<string, { goods_id: string; quantity: number; outer_id: string }>();
  readonly shipments: { order_sn: string; logistics_id: string; tracking_number: string }[] = [];
  readonly stockCalls: Record<string, string>[] = [];

  constructor(private readonly now: () => Date) {}

  touch(orderSn: string, patch: Partial<FakePddOrder> = {}): void {
    const o = this.orders.get(orderSn);
    if (!o) throw new Error(`no order ${orderSn}`);
    Object.assign(o, patch, { updated_at: secsToPddTime(Math.floor(this.now().getTime() / 1000)) });
  }

  handle(api: string, p: Record<string, string>): Answer {
    switch (api) {
      case 'pdd.order.number.list.increment.get': {
        const r = listPage([...this.orders.values()], (o) => o.updated_at, p);
        if ('error_code' in r) return fail(r);
        return ok({ order_sn_increment_get_response: { total_count: r.total, has_next: false, order_sn_list: r.page } });
      }
      case 'pdd.refund.list.increment.get': {
        if (!p.after_sales_status || !p.after_sales_type) return fail(pddErrors.badArg('after_sales_status/after_sales_type 必填'));
        const r = listPage(this.refunds, (x) => x.updated_time, p);
        if ('error_code' in r) return fail(r);
        return ok({ refund_increment_get_response: { total_count: r.total, refund_list: r.page } });
      }
      case 'pdd.logistics.online.send':
        return this.ship(p);
      case 'pdd.order.information.get': {
        const o = p.order_sn ? this.orders.get(p.order_sn) : undefined;
        if (!o) return fail(pddErrors.business('订单不存在'));
        return ok({ order_info_get_response: { order_info: { order_sn: o.order_sn, order_status: o.order_status, tracking_number: o.tracking_number ?? '', logistics_id: o.logistics_id ?? 0 } } });
      }
      case 'pdd.goods.quantity.update':
        return this.stock(p);
      default:
        return fail(pddErrors.unknownType);
    }
  }

  private ship(p: Record<string, string>): Answer {
    const o = p.order_sn ? this.orders.get(p.order_sn) : undefined;
    if (!o) return fail(pddErrors.business('订单不存在'));
    if (!p.logistics_id || !p.tracking_number) return fail(pddErrors.badArg('logistics_id/tracking_number 必填'));
    if (o.order_status !== 1) return fail(pddErrors.business('订单已发货，不能重复发货'));
    this.shipments.push({ order_sn: o.order_sn, logistics_id: p.logistics_id, tracking_number: p.tracking_number });
    this.touch(o.order_sn, { order_status: 2, tracking_number: p.tracking_number, logistics_id: Number(p.logistics_id) });
    return ok({ logistics_online_send_response: { is_success: true } });
  }

  private stock(p: Record<string, string>): Answer {
    this.stockCalls.push(p);
    if (p.update_type !== undefined && p.update_type !== '1') return fail(pddErrors.badArg('the fake only does full updates'));
    const sku = p.sku_id ? this.skus.get(p.sku_id) : [...this.skus.values()].find((s) => s.outer_id === p.outer_id && s.goods_id === p.goods_id);
    if (!sku || sku.goods_id !== p.goods_id) return fail(pddErrors.business('商品或sku不存在'));
    sku.quantity = Number(p.quantity);
    return ok({ goods_quantity_update_response: { is_success: true } });
  }
}
