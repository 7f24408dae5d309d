import { ConnectorError } from '../../connectors/errors.js';
import type { Connector, ConnectorCapabilities, NormalizedOrder, NormalizedRefund, PullPage, PullWindow, QuarantinedRecord, ShipmentPush, StockPushItem } from '../../connectors/types.js';

/**
 * An in-memory platform behind the Connector port, for service tests that are about the hub's logic
 * rather than a platform's HTTP API (the sandbox storefront covers that over real HTTP).
 */
export class FakePlatform implements Connector {
  readonly platform = 'sandbox' as const;
  readonly capabilities: ConnectorCapabilities = {
    partialShipment: true, multipleTrackingNumbers: true, updateTrackingLater: false, stockMode: 'set', stockBatchMax: 2, webhooks: false, settleLagSeconds: 0,
  };
  orders = new Map<string, NormalizedOrder>();
  refunds: NormalizedRefund[] = [];
  pageSize = 2;
  readonly calls: { op: string; cursor?: string }[] = [];
  readonly shipments: ShipmentPush[] = [];
  readonly stockPushes: StockPushItem[][] = [];
  /** Throws this error on the n-th pullOrders call (1-based), once. */
  failOn?: { call: number; error: Error };
  /** While set, every pullOrders call waits for it (a long pull holding the shop's import lock). */
  gate?: Promise<void>;
  /** Records that do not parse, served with the first page of every pull. */
  badRecords: QuarantinedRecord[] = [];
  /** What reparse() makes of a quarantined record (after a "connector upgrade"); absent: it still does not parse. */
  reparsed = new Map<string, NormalizedOrder>();

  upsert(o: NormalizedOrder): void {
    this.orders.set(o.platformOrderId, o);
  }

  private page<T>(items: T[], w: PullWindow): PullPage<T> {
    const offset = Number(w.cursor ?? 0);
    const slice = items.slice(offset, offset + this.pageSize);
    return { items: slice, nextCursor: offset + this.pageSize < items.length ? String(offset + this.pageSize) : null };
  }

  async pullOrders(w: PullWindow): Promise<PullPage<NormalizedOrder>> {
    this.calls.push({ op: 'pullOrders', cursor: w.cursor });
    const n = this.calls.filter((c) => c.op === 'pullOrders').length;
    if (this.failOn?.call === n) {
      const e = this.failOn.error;
      this.failOn = undefined;
      throw e;
    }
    if (this.gate) await this.gate;
    const inWindow = [...this.orders.values()]
      .filter((o) => o.platformUpdatedAt >= w.since && o.platformUpdatedAt < w.until)
      .sort((a, b) => a.platformUpdatedAt.getTime() - b.platformUpdatedAt.getTime() || a.platformOrderId.localeCompare(b.platformOrderId));
    const page = this.page(inWindow, w);
    return w.cursor ? page : { ...page, quarantined: this.badRecords };
  }

  async reparse(record: QuarantinedRecord): Promise<PullPage<NormalizedOrder>> {
    this.calls.push({ op: 'reparse' });
    const o = record.platformRecordId ? this.reparsed.get(record.platformRecordId) : undefined;
    return o ? { items: [o] } : { items: [], quarantined: [{ ...record, error: 'still bad' }] };
  }

  async pullRefunds(w: PullWindow): Promise<PullPage<NormalizedRefund>> {
    this.calls.push({ op: 'pullRefunds', cursor: w.cursor });
    return this.page(this.refunds.filter((r) => r.platformUpdatedAt >= w.since && r.platformUpdatedAt < w.until), w);
  }

  async pushShipment(s: ShipmentPush) {
    this.shipments.push(s);
    return { platformShipmentId: `F-${this.shipments.length}` };
  }

  async pushStock(items: StockPushItem[]) {
    if (items.length > this.capabilities.stockBatchMax) throw new ConnectorError('invalid', 'batch too large');
    this.stockPushes.push(items);
    return { failed: [] };
  }
}
