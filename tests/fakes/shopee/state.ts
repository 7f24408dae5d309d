/** What the fake Shopee holds: a shop's orders, returns, listings, logistics and tokens, plus test hooks. */
export interface FakeOrder {
  order_sn: string;
  region: string;
  currency: string;
  cod: boolean;
  total_amount: number;
  order_status: string;
  create_time: number;
  update_time: number;
  pay_time?: number;
  buyer_user_id: number;
  buyer_username: string;
  estimated_shipping_fee: number;
  message_to_seller: string;
  note: string;
  recipient_address: Record<string, string>;
  item_list: {
    item_id: number; item_name: string; item_sku: string; model_id: number; model_name: string; model_sku: string;
    model_quantity_purchased: number; model_original_price: number; model_discounted_price: number;
  }[];
  [extra: string]: unknown;
}

export interface FakeReturn {
  return_sn: string;
  order_sn: string;
  status: string;
  refund_amount: number;
  currency: string;
  create_time: number;
  update_time: number;
  reason: string;
  text_reason: string;
  item: { item_id: number; model_id: number; name: string; amount: number; item_price: number; item_sku: string }[];
  [extra: string]: unknown;
}

export type ShipMode = 'non_integrated' | 'pickup' | 'dropoff';

export interface Fault {
  path: string;
  times: number;
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface ShopeeFakeConfig {
  partnerId: number;
  partnerKey: string;
  shopId: number;
  accessToken: string;
  refreshToken: string;
}

export class FakeShopeeState {
  readonly orders = new Map<string, FakeOrder>();
  readonly returns: FakeReturn[] = [];
  /** item_id → model_id → { stock, reserved } */
  readonly stock = new Map<number, Map<number, { stock: number; reserved: number }>>();
  readonly shipMode = new Map<string, ShipMode>();
  readonly tracking = new Map<string, string>();
  readonly shipCalls: Record<string, unknown>[] = [];
  readonly stockCalls: { item_id: number; models: number }[] = [];
  /** Items unlisted by product/unlist_item; items in a promotion refuse it. */
  readonly unlisted = new Set<number>();
  readonly inPromotion = new Set<number>();
  /** Every request the fake answered, in order: path and query. */
  readonly log: { path: string; query: Record<string, string> }[] = [];
  readonly faults: Fault[] = [];
  readonly accessTokens = new Set<string>();
  readonly refreshTokens = new Set<string>();
  /** Authorisation codes a seller's consent produced (single use). */
  readonly authCodes = new Set<string>();
  private readonly hooks: { path: string; after: number; run: () => void }[] = [];
  private tokenSeq = 0;
  trackingSeq = 0;

  constructor(readonly cfg: ShopeeFakeConfig) {
    this.accessTokens.add(cfg.accessToken);
    this.refreshTokens.add(cfg.refreshToken);
  }

  /** Runs `fn` right after the fake has answered its `n`-th call to `path` (1-based). */
  afterCall(path: string, n: number, fn: () => void): void {
    this.hooks.push({ path, after: n, run: fn });
  }

  /** The next `times` calls to `path` get this answer instead of the real one. */
  fail(path: string, status: number, body: Record<string, unknown>, times = 1, headers?: Record<string, string>): void {
    this.faults.push({ path, times, status, body, headers });
  }

  /** Calls to `path` that are applied and then lose their answer: socket destroyed (`reset`) or a proxy 502. */
  readonly lostReplies: { path: string; how: 'reset' | 502 }[] = [];

  loseReply(path: string, how: 'reset' | 502): void {
    this.lostReplies.push({ path, how });
  }

  takeLostReply(path: string): 'reset' | 502 | undefined {
    const i = this.lostReplies.findIndex((x) => x.path === path);
    return i < 0 ? undefined : this.lostReplies.splice(i, 1)[0]!.how;
  }

  takeFault(path: string): Fault | undefined {
    const f = this.faults.find((x) => x.path === path && x.times > 0);
    if (f) f.times--;
    return f;
  }

  served(path: string): void {
    const n = this.log.filter((l) => l.path === path).length;
    for (const h of this.hooks) if (h.path === path && h.after === n) h.run();
  }

  calls(path: string): { path: string; query: Record<string, string> }[] {
    return this.log.filter((l) => l.path === path);
  }

  issueTokens(): { access_token: string; refresh_token: string } {
    this.tokenSeq++;
    const t = { access_token: `fake-access-${this.tokenSeq}`, refresh_token: `fake-refresh-${this.tokenSeq}` };
    this.accessTokens.add(t.access_token);
    this.refreshTokens.add(t.refresh_token);
    return t;
  }

  putOrder(o: FakeOrder): void {
    this.orders.set(o.order_sn, o);
  }

  setStock(itemId: number, modelId: number, stock: number, reserved = 0): void {
    const m = this.stock.get(itemId) ?? new Map();
    m.set(modelId, { stock, reserved });
    this.stock.set(itemId, m);
  }
}

/** A realistic order as Shopee's get_order_detail returns it (all optional fields present). */
export function fakeOrder(sn: string, updateTime: number, over: Partial<FakeOrder> = {}): FakeOrder {
  return {
    order_sn: sn,
    region: 'MY',
    currency: 'MYR',
    cod: false,
    total_amount: 57.8,
    order_status: 'READY_TO_SHIP',
    create_time: updateTime - 600,
    update_time: updateTime,
    pay_time: updateTime - 300,
    buyer_user_id: 258_016_533,
    buyer_username: 'buyer.sn',
    estimated_shipping_fee: 4.9,
    message_to_seller: '',
    note: '',
    days_to_ship: 3,
    recipient_address: {
      name: 'Ahmad Zaki', phone: '60123456789', town: 'Taman Desa', district: 'Kuala Lumpur', city: 'Kuala Lumpur',
      state: 'W.P. Kuala Lumpur', region: 'MY', zipcode: '58100', full_address: '12 Jalan Desa 2/3, Taman Desa, 58100 Kuala Lumpur',
    },
    item_list: [
      { item_id: 1_000_001, item_name: 'Cotton Tee', item_sku: 'TEE', model_id: 2_000_001, model_name: 'Black,M', model_sku: 'TEE-BLK-M', model_quantity_purchased: 2, model_original_price: 29.9, model_discounted_price: 24.9 },
      { item_id: 1_000_002, item_name: 'Canvas Tote', item_sku: 'TOTE', model_id: 0, model_name: '', model_sku: '', model_quantity_purchased: 1, model_original_price: 8.0, model_discounted_price: 3.1 },
    ],
    ...over,
  };
}
