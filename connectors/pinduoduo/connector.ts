import { ConnectorError } from '../errors.js';
import { rawId, RecordSieve } from '../records.js';
import { countBySubWindows, pullBackwards, type SubWindow } from '../taobao/paging.js';
import type {
  Connector, ConnectorCapabilities, ConnectorDeps, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, ShipmentPush, ShipmentPushResult,
  QuarantinedRecord, ShopAccess, StockPushItem, StockPushResult,
} from '../types.js';
import { PddClient, PDD_GATEWAY } from './client.js';
import { pddOrderToNormalized, pddRefundToNormalized } from './mapper.js';
import { orderPageSchema, parseRecord, pddOrderSchema, pddRefundSchema, refundPageSchema } from './schemas.js';
import { shipPddOrder } from './ship.js';
import { pushPddStock } from './stock.js';

export interface PinduoduoCredentials {
  clientId: string;
  clientSecret: string;
  accessToken: string;
}

const HALF_HOUR_MS = 30 * 60_000;
const PAGE_SIZE = 100;
const secs = (d: Date) => Math.floor(d.getTime() / 1000);

/** Parses orders one by one: one that does not parse is quarantined and the rest of the page goes on. */
async function parseOrders(raws: unknown[]): Promise<{ items: NormalizedOrder[]; quarantined: QuarantinedRecord[] }> {
  const sieve = new RecordSieve();
  const items: NormalizedOrder[] = [];
  for (const o of raws) {
    const got = await sieve.take('order', o, { record: rawId(o, 'order_sn') }, () => pddOrderToNormalized(parseRecord(pddOrderSchema, o, 'order', 'order_sn')));
    if (got) items.push(got);
  }
  return { items, quarantined: sieve.quarantined };
}

export class PinduoduoConnector implements Connector {
  readonly platform = 'pinduoduo' as const;
  readonly capabilities: ConnectorCapabilities = {
    partialShipment: false, // pdd.logistics.online.send ships the whole order
    multipleTrackingNumbers: false, // one tracking number per order
    updateTrackingLater: false,
    stockMode: 'set',
    stockBatchMax: 1, // pdd.goods.quantity.update takes one SKU per call
    webhooks: false,
    maxWindowSeconds: HALF_HOUR_MS / 1000,
    settleLagSeconds: 180, // PDD: end_updated_at at least ~3 min behind its clock, or orders can be missed
  };
  private readonly client: PddClient;
  private readonly shopId: string;

  constructor(access: ShopAccess<PinduoduoCredentials>, private readonly deps: ConnectorDeps) {
    const c = access.credentials;
    this.shopId = access.shopId;
    this.client = new PddClient(access.shopId, { clientId: c.clientId, clientSecret: c.clientSecret, accessToken: c.accessToken }, deps, access.apiBaseUrl ?? PDD_GATEWAY);
  }

  private listOrders(sub: SubWindow, page: number, pageSize = PAGE_SIZE) {
    return this.client.call('pdd.order.number.list.increment.get', 'order_sn_increment_get_response', {
      start_updated_at: secs(sub.since), end_updated_at: secs(sub.until), order_status: 5, refund_status: 5, is_lucky_flag: 0, page, page_size: pageSize,
    }, orderPageSchema);
  }

  pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    return pullBackwards(w, {
      maxSpanMs: HALF_HOUR_MS, pageSize: PAGE_SIZE, maxEmptyWindows: 48,
      fetch: async (sub, page) => {
        const r = await this.listOrders(sub, page);
        return { ...(await parseOrders(r.order_sn_list ?? [])), total: r.total_count ?? 0 };
      },
    });
  }

  pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    return pullBackwards(w, {
      maxSpanMs: HALF_HOUR_MS, pageSize: PAGE_SIZE, maxEmptyWindows: 48,
      fetch: async (sub, page) => {
        const r = await this.client.call('pdd.refund.list.increment.get', 'refund_increment_get_response', {
          start_updated_at: secs(sub.since), end_updated_at: secs(sub.until), after_sales_status: 1, after_sales_type: 1, page, page_size: PAGE_SIZE,
        }, refundPageSchema);
        const sieve = new RecordSieve();
        const items: NormalizedRefund[] = [];
        for (const x of r.refund_list ?? []) {
          const got = await sieve.take('refund', x, { record: rawId(x, 'id'), order: rawId(x, 'order_sn') }, () => pddRefundToNormalized(parseRecord(pddRefundSchema, x, 'after-sale', 'id')));
          if (got) items.push(got);
        }
        return { items, quarantined: sieve.quarantined, total: r.total_count ?? 0 };
      },
    });
  }

  reparse(record: QuarantinedRecord): Promise<PullPage<NormalizedOrder>> {
    if (record.kind === 'refund') return Promise.resolve({ items: [], quarantined: [record] });
    return parseOrders([record.raw]);
  }

  countOrders(w: Omit<PullWindow, 'cursor'>): Promise<number> {
    return countBySubWindows(w, HALF_HOUR_MS, async (sub) => (await this.listOrders(sub, 1, 1)).total_count ?? 0);
  }

  /** One tracking number ships the whole order; read back after a lost reply (ship.ts). */
  pushShipment(s: ShipmentPush): Promise<ShipmentPushResult> {
    return shipPddOrder(this.client, this.deps, this.shopId, s);
  }

  pushStock(items: StockPushItem[]): Promise<StockPushResult> {
    return pushPddStock(this.client, items);
  }
}
