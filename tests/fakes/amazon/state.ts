/**
 * State of the fake Selling Partner API: orders with their items, posted refund events, listings, feeds and the
 * LWA grant. Raw objects in Amazon's own field names so tests can also break them on purpose.
 */
export type Raw = Record<string, unknown>;

export interface FakeOrder {
  order: Raw;
  items: Raw[];
  /** Packages confirmed through confirmShipment, by packageReferenceId. */
  packages: Map<string, Raw>;
}

export interface FakeFeed {
  feedId: string;
  feedType: string;
  document: Raw;
  marketplaceIds: string[];
}

export class FakeAmazonState {
  readonly orders = new Map<string, FakeOrder>();
  readonly refundEvents: Raw[] = [];
  readonly listings = new Map<string, { quantity: number; productType?: string }>();
  readonly feedDocuments = new Map<string, { contentType: string; body?: string }>();
  readonly feeds: FakeFeed[] = [];
  readonly patches: { sku: string; body: Raw }[] = [];
  /** Every request the fake answered: operation, query and status, for assertions. */
  readonly calls: { op: string; query: Record<string, string>; status: number }[] = [];
  private seq = 0;

  constructor(readonly clock: () => Date) {}

  nextId(prefix: string): string {
    this.seq++;
    return `${prefix}${String(this.seq).padStart(6, '0')}`;
  }

  /** Adds an unshipped MFN order with the given items; LastUpdateDate defaults to the fake's clock. */
  addOrder(id: string, opts: { updatedAt?: Date; items?: { sku: string; qty: number; price: string }[]; patch?: Raw } = {}): FakeOrder {
    const at = (opts.updatedAt ?? this.clock()).toISOString();
    const specs = opts.items ?? [{ sku: 'SKU-1', qty: 1, price: '10.00' }];
    const items = specs.map((s, n) => ({
      ASIN: `B0${id.replace(/\D/g, '').slice(-8).padStart(8, '0')}${n}`, SellerSKU: s.sku, OrderItemId: `${id.replace(/\D/g, '')}${n + 1}`,
      Title: `Item ${s.sku}`, QuantityOrdered: s.qty, QuantityShipped: 0,
      ItemPrice: { CurrencyCode: 'USD', Amount: (Number(s.price) * s.qty).toFixed(2) }, ItemTax: { CurrencyCode: 'USD', Amount: '0.00' },
      ShippingPrice: { CurrencyCode: 'USD', Amount: '0.00' }, PromotionDiscount: { CurrencyCode: 'USD', Amount: '0.00' },
    }));
    const total = specs.reduce((t, s) => t + Number(s.price) * s.qty, 0).toFixed(2);
    const order: Raw = {
      AmazonOrderId: id, PurchaseDate: at, LastUpdateDate: at, OrderStatus: 'Unshipped', FulfillmentChannel: 'MFN', SalesChannel: 'Amazon.com',
      OrderTotal: { CurrencyCode: 'USD', Amount: total }, NumberOfItemsShipped: 0, NumberOfItemsUnshipped: specs.reduce((t, s) => t + s.qty, 0),
      PaymentMethod: 'Other', MarketplaceId: 'ATVPDKIKX0DER', OrderType: 'StandardOrder', IsPrime: false, IsBusinessOrder: false,
      ShippingAddress: {
        Name: 'Jane Doe', AddressLine1: '410 Terry Ave N', City: 'Seattle', StateOrRegion: 'WA', PostalCode: '98109-5210', CountryCode: 'US', Phone: '+1 206-555-0100',
      },
      BuyerInfo: { BuyerEmail: 'abc123@marketplace.amazon.com', BuyerName: 'Jane Doe' },
      ...opts.patch,
    };
    const o = { order, items, packages: new Map() };
    this.orders.set(id, o);
    return o;
  }

  /** Changes an order the way a buyer or Amazon would: fields replaced, LastUpdateDate moved to now. */
  touchOrder(id: string, patch: Raw = {}): void {
    const o = this.orders.get(id);
    if (!o) throw new Error(`no order ${id}`);
    Object.assign(o.order, patch, { LastUpdateDate: this.clock().toISOString() });
  }
}
