import { ConnectorError } from '../errors.js';
import { rawId, RecordSieve } from '../records.js';
import type {
  Connector, ConnectorCapabilities, ConnectorDeps, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, ShipmentPush, ShipmentPushResult,
  QuarantinedRecord, ShopAccess, StockPushItem, StockPushResult,
} from '../types.js';
import { TopClient, TOP_GATEWAY } from './client.js';
import { refundToNormalized, tradeToOrder } from './mapper.js';
import { countBySubWindows, pullBackwards, type SubWindow } from './paging.js';
import { parseRecord, refundsPageSchema, topRefundSchema, topTradeSchema, tradesPageSchema } from './schemas.js';
import { formatTopTime, type TopSignMethod } from './sign.js';
import { consignTrade } from './ship.js';
import { pushTopStock, SKUS_PER_CALL } from './stock.js';

export interface TaobaoCredentials {
  appKey: string;
  appSecret: string;
  /** The seller's authorisation token (`session`). */
  session: string;
  signMethod?: TopSignMethod;
}

export const TRADE_FIELDS = [
  'tid', 'type', 'status', 'created', 'modified', 'payment', 'total_fee', 'post_fee', 'discount_fee', 'buyer_nick', 'buyer_open_uid',
  'buyer_message', 'seller_memo', 'receiver_name', 'receiver_mobile', 'receiver_phone', 'receiver_country', 'receiver_state',
  'receiver_city', 'receiver_district', 'receiver_town', 'receiver_address', 'receiver_zip', 'orders',
].join(',');
export const REFUND_FIELDS = 'refund_id,tid,oid,status,created,modified,refund_fee,num,reason,good_status,has_good_return';
const DAY_MS = 86_400_000;
const PAGE_SIZE = 100;

/** Parses trades one by one: a trade that does not parse is quarantined and the rest of the page goes on. */
async function parseTrades(raws: unknown[]): Promise<{ items: NormalizedOrder[]; quarantined: QuarantinedRecord[] }> {
  const sieve = new RecordSieve();
  const items: NormalizedOrder[] = [];
  for (const t of raws) {
    const got = await sieve.take('order', t, { record: rawId(t, 'tid') }, () => tradeToOrder(parseRecord(topTradeSchema, t, 'trade', 'tid')));
    if (got) items.push(got);
  }
  return { items, quarantined: sieve.quarantined };
}

export class TaobaoConnector implements Connector {
  readonly platform = 'taobao' as const;
  readonly capabilities: ConnectorCapabilities = {
    partialShipment: true, // line-level only: `is_split` + `sub_tid` ship whole sub-orders (oids), not part of one
    multipleTrackingNumbers: true, // one tracking number per split consignment
    updateTrackingLater: false,
    stockMode: 'set',
    stockBatchMax: SKUS_PER_CALL,
    webhooks: false, // TOP pushes through its TMC message service, which this connector does not speak
    maxWindowSeconds: DAY_MS / 1000,
    settleLagSeconds: 120,
  };
  private readonly client: TopClient;
  private readonly shopId: string;

  constructor(access: ShopAccess<TaobaoCredentials>, private readonly deps: ConnectorDeps) {
    const c = access.credentials;
    this.shopId = access.shopId;
    this.client = new TopClient(access.shopId, { appKey: c.appKey, appSecret: c.appSecret, session: c.session, signMethod: c.signMethod ?? 'hmac-sha256' }, deps, access.apiBaseUrl ?? TOP_GATEWAY);
  }

  private listTrades(sub: SubWindow, pageNo: number, pageSize = PAGE_SIZE) {
    return this.client.call('taobao.trades.sold.increment.get', {
      fields: TRADE_FIELDS, start_modified: formatTopTime(sub.since), end_modified: formatTopTime(sub.until), page_no: pageNo, page_size: pageSize,
    }, tradesPageSchema);
  }

  pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    return pullBackwards(w, {
      maxSpanMs: DAY_MS, pageSize: PAGE_SIZE,
      fetch: async (sub, pageNo) => {
        const r = await this.listTrades(sub, pageNo);
        return { ...(await parseTrades(r.trades?.trade ?? [])), total: r.total_results ?? 0 };
      },
    });
  }

  pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    return pullBackwards(w, {
      maxSpanMs: DAY_MS, pageSize: PAGE_SIZE,
      fetch: async (sub, pageNo) => {
        const r = await this.client.call('taobao.refunds.receive.get', {
          fields: REFUND_FIELDS, start_modified: formatTopTime(sub.since), end_modified: formatTopTime(sub.until), page_no: pageNo, page_size: PAGE_SIZE,
        }, refundsPageSchema);
        const sieve = new RecordSieve();
        const items: NormalizedRefund[] = [];
        for (const x of r.refunds?.refund ?? []) {
          const got = await sieve.take('refund', x, { record: rawId(x, 'refund_id'), order: rawId(x, 'tid') }, () => refundToNormalized(parseRecord(topRefundSchema, x, 'refund', 'refund_id')));
          if (got) items.push(got);
        }
        return { items, quarantined: sieve.quarantined, total: r.total_results ?? 0 };
      },
    });
  }

  reparse(record: QuarantinedRecord): Promise<PullPage<NormalizedOrder>> {
    if (record.kind === 'refund') return Promise.resolve({ items: [], quarantined: [record] });
    return parseTrades([record.raw]);
  }

  countOrders(w: Omit<PullWindow, 'cursor'>): Promise<number> {
    return countBySubWindows(w, DAY_MS, async (sub) => (await this.listTrades(sub, 1, 1)).total_results ?? 0);
  }

  /** `taobao.logistics.offline.send`, split per sub-order for partial parcels, read back after a lost reply (ship.ts). */
  pushShipment(s: ShipmentPush): Promise<ShipmentPushResult> {
    return consignTrade(this.client, this.deps, this.shopId, s);
  }

  pushStock(items: StockPushItem[]): Promise<StockPushResult> {
    return pushTopStock(this.client, items);
  }
}
