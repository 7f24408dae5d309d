import { msToTopTime, topErrors, topTimeToMs, type TopErrorAnswer } from './top-protocol.js';

export interface FakeSubOrder {
  oid: bigint;
  num_iid: bigint;
  sku_id?: bigint;
  outer_sku_id?: string;
  title: string;
  num: number;
  price: string;
  status: string;
  consigned?: { out_sid: string; company_code: string };
}

export interface FakeTrade {
  tid: bigint;
  status: string;
  type: string;
  created: string;
  modified: string;
  payment: string;
  post_fee: string;
  buyer_nick: string;
  receiver_name: string;
  receiver_mobile: string;
  receiver_state: string;
  receiver_city: string;
  receiver_district: string;
  receiver_address: string;
  receiver_zip: string;
  buyer_message?: string;
  orders: { order: FakeSubOrder[] };
  [extra: string]: unknown;
}

export interface FakeRefund {
  refund_id: bigint;
  tid: bigint;
  oid: bigint;
  status: string;
  modified: string;
  refund_fee: string;
  num: number;
  reason: string;
}

export interface FakeItem {
  num: number;
  skus: Map<string, { quantity: number; outer_id?: string }>;
}

type Answer = { ok: unknown } | { error: TopErrorAnswer };
const ok = (v: unknown): Answer => ({ ok: v });
const fail = (e: TopErrorAnswer): Answer => ({ error: e });

/** Lists sorted by modification time descending, paged with page_no/page_size like TOP. */
function listPage<T extends { modified: string }>(rows: T[], p: Record<string, string>, wrap: (page: T[]) => object): Answer {
  if (!p.start_modified || !p.end_modified || !p.fields) return fail(topErrors.missingArgs('fields, start_modified and end_modified are required'));
  const from = topTimeToMs(p.start_modified);
  const to = topTimeToMs(p.end_modified);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return fail(topErrors.invalidArgs('bad start_modified/end_modified'));
  if (to - from > 86_400_000) return fail(topErrors.invalidArgs('end_modified - start_modified must not exceed one day'));
  const pageNo = Number(p.page_no ?? 1);
  const pageSize = Number(p.page_size ?? 40);
  if (!(pageSize >= 1 && pageSize <= 100) || !(pageNo >= 1)) return fail(topErrors.invalidArgs('page_size must be 1..100'));
  const hits = rows
    .filter((r) => topTimeToMs(r.modified) >= from && topTimeToMs(r.modified) <= to)
    .sort((a, b) => topTimeToMs(b.modified) - topTimeToMs(a.modified));
  const page = hits.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  const head = p.use_has_next === 'true' ? { has_next: hits.length > pageNo * pageSize } : { total_results: hits.length };
  return ok({ ...head, ...(page.length ? wrap(page) : {}) });
}

/** The fake shop's data and the business half of each TOP API. */
export class FakeTopStore {
  readonly trades = new Map<string, FakeTrade>();
  readonly refunds: FakeRefund[] = [];
  readonly items = new Map<string, FakeItem>();
  readonly consignments: { tid: string; out_sid: string; company_code: string; oids: string[] }[] = [];
  readonly stockCalls: { api: string; params: Record<string, string> }[] = [];

  constructor(private readonly now: () => Date) {}

  touch(tid: string, patch: Partial<FakeTrade> = {}): void {
    const t = this.trades.get(tid);
    if (!t) throw new Error(`no trade ${tid}`);
    Object.assign(t, patch, { modified: msToTopTime(this.now().getTime()) });
  }

  handle(api: string, p: Record<string, string>): Answer {
    switch (api) {
      case 'taobao.trades.sold.increment.get':
        return listPage([...this.trades.values()], p, (page) => ({ trades: { trade: page } }));
      case 'taobao.refunds.receive.get':
        return listPage(this.refunds, p, (page) => ({ refunds: { refund: page } }));
      case 'taobao.logistics.offline.send':
        return this.consign(p);
      case 'taobao.trade.fullinfo.get':
        return this.fullinfo(p);
      case 'taobao.item.quantity.update':
      case 'taobao.skus.quantity.update':
        return this.updateStock(api, p);
      default:
        return fail(topErrors.invalidMethod);
    }
  }

  private consign(p: Record<string, string>): Answer {
    const t = p.tid ? this.trades.get(p.tid) : undefined;
    if (!t) return fail(topErrors.serviceError('isv.trade-not-exist', `trade ${p.tid} does not exist`));
    if (!p.out_sid || !p.company_code) return fail(topErrors.missingArgs('out_sid and company_code are required'));
    if (!['WAIT_SELLER_SEND_GOODS', 'SELLER_CONSIGNED_PART'].includes(t.status)) {
      return fail(topErrors.serviceError('isv.logistics-offline-service-error', `trade status ${t.status} cannot be consigned`));
    }
    // Without is_split the whole trade is consigned: once any sub-order went on its own, that is refused.
    let targets = t.orders.order;
    if (p.is_split !== '1' && targets.some((o) => o.consigned)) {
      return fail(topErrors.serviceError('isv.logistics-offline-service-error', 'trade is partly consigned; consign the remaining sub-orders with is_split=1 and sub_tid'));
    }
    if (p.is_split === '1') {
      const wanted = (p.sub_tid ?? '').split(',').filter(Boolean);
      if (wanted.length === 0) return fail(topErrors.missingArgs('sub_tid is required when is_split=1'));
      const found = wanted.map((oid) => t.orders.order.find((o) => String(o.oid) === oid));
      if (found.some((o) => !o)) return fail(topErrors.invalidArgs('sub_tid contains an oid not in the trade'));
      if (found.some((o) => o!.consigned)) return fail(topErrors.serviceError('isv.logistics-offline-service-error', 'sub-order already consigned'));
      targets = found as FakeSubOrder[];
    }
    for (const o of targets) {
      o.consigned = { out_sid: p.out_sid, company_code: p.company_code };
      o.status = 'WAIT_BUYER_CONFIRM_GOODS';
    }
    this.consignments.push({ tid: p.tid!, out_sid: p.out_sid, company_code: p.company_code, oids: targets.map((o) => String(o.oid)) });
    const all = t.orders.order.every((o) => o.consigned);
    this.touch(p.tid!, { status: all ? 'WAIT_BUYER_CONFIRM_GOODS' : 'SELLER_CONSIGNED_PART' });
    return ok({ shipping: { is_success: true } });
  }

  /** The trade with each sub-order's waybill (`invoice_no`) once consigned; only the requested top-level fields. */
  private fullinfo(p: Record<string, string>): Answer {
    const t = p.tid ? this.trades.get(p.tid) : undefined;
    if (!p.fields) return fail(topErrors.missingArgs('fields'));
    if (!t) return fail(topErrors.serviceError('isv.trade-not-exist', `trade ${p.tid} does not exist`));
    const orders = t.orders.order.map((o) => ({
      oid: o.oid, status: o.status, ...(o.consigned ? { invoice_no: o.consigned.out_sid, logistics_company: o.consigned.company_code } : {}),
    }));
    return ok({ trade: { tid: t.tid, status: t.status, modified: t.modified, orders: { order: orders } } });
  }

  private updateStock(api: string, p: Record<string, string>): Answer {
    this.stockCalls.push({ api, params: p });
    const item = p.num_iid ? this.items.get(p.num_iid) : undefined;
    if (!item) return fail(topErrors.serviceError('isv.item-not-exist', `item ${p.num_iid} does not exist`));
    if (p.type !== undefined && p.type !== '1') return fail(topErrors.invalidArgs('the fake only does full updates'));
    if (api === 'taobao.item.quantity.update') {
      if (p.quantity === undefined) return fail(topErrors.missingArgs('quantity'));
      item.num = Number(p.quantity);
      return ok({ item: { num_iid: BigInt(p.num_iid!), num: item.num, modified: msToTopTime(this.now().getTime()) } });
    }
    // As documented: outerid_quantities is ignored whenever skuid_quantities is given; an outer id matching several
    // SKUs updates all of them; at most 20 pairs per call; a full update refuses negative quantities.
    const pairs = (s: string | undefined) => (s ? s.split(';').map((x) => x.split(':') as [string, string]) : []);
    const list = p.skuid_quantities ? pairs(p.skuid_quantities) : pairs(p.outerid_quantities);
    if (list.length === 0) return fail(topErrors.missingArgs('skuid_quantities or outerid_quantities'));
    if (list.length > 20) return fail(topErrors.invalidArgs('at most 20 SKUs per call'));
    if (list.some(([, q]) => !/^\d+$/.test(q ?? ''))) return fail(topErrors.invalidArgs('quantity must be a non-negative integer for a full update'));
    const all = p.skuid_quantities
      ? list.map(([id, q]) => [[item.skus.get(id)], q] as const)
      : list.map(([code, q]) => [[...item.skus.values()].filter((s) => s.outer_id === code), q] as const);
    if (all.some(([skus]) => skus.length === 0 || skus.some((x) => !x))) return fail(topErrors.serviceError('isv.invalid-parameter', 'unknown sku'));
    for (const [skus, q] of all) for (const sku of skus) sku!.quantity = Number(q);
    item.num = [...item.skus.values()].reduce((s, x) => s + x.quantity, 0);
    return ok({ item: { num_iid: BigInt(p.num_iid!), num: item.num, modified: msToTopTime(this.now().getTime()) } });
  }
}
