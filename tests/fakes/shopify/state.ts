import { nextId, type FakeOrder } from './fixtures.js';

type FoInput = { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] };
type FulfillmentInput = { lineItemsByFulfillmentOrder: FoInput[]; trackingInfo?: { number?: string; company?: string }; notifyCustomer?: boolean };
type InventoryInput = { name: string; reason: string; ignoreCompareQuantity?: boolean; quantities: { inventoryItemId: string; locationId: string; quantity: number }[] };

const tail = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

/** The fake shop's data and the mutations' business rules (as the Admin API applies them). */
export class FakeShopState {
  readonly orders = new Map<string, FakeOrder>();
  variants: { id: string; sku: string; inventoryItemId: string }[] = [];
  readonly levels = new Map<string, number>();
  /** Product status by product id (ACTIVE unless changed). */
  readonly productStatus = new Map<string, string>();
  readonly products = new Set<string>();
  readonly locations = new Set(['655441491', '655441492']);
  primaryLocationId = '655441491';
  /** Inventory items deleted after their variant was read (inventorySetQuantities refuses them). */
  readonly deletedInventoryItems = new Set<string>();
  /** Clock used for updatedAt stamps written by mutations. */
  now = () => new Date().toISOString();

  put(o: FakeOrder): void {
    this.orders.set(o.id, o);
  }

  byGid(id: string): FakeOrder | undefined {
    return this.orders.get(tail(id));
  }

  fulfilmentState(orderGid: string) {
    const o = this.byGid(orderGid);
    if (!o) return null;
    return {
      id: `gid://shopify/Order/${o.id}`,
      fulfillmentOrders: {
        nodes: o.fulfillmentOrders.map((fo) => ({
          id: `gid://shopify/FulfillmentOrder/${fo.id}`, status: fo.status, requestStatus: 'UNSUBMITTED',
          assignedLocation: { name: `Loc ${fo.locationId}`, location: { id: `gid://shopify/Location/${fo.locationId}` } },
          lineItems: { nodes: fo.lineItems.map((li) => ({ id: `gid://shopify/FulfillmentOrderLineItem/${li.id}`, remainingQuantity: li.remainingQuantity, totalQuantity: li.totalQuantity, lineItem: { id: `gid://shopify/LineItem/${li.lineItemId}` } })) },
        })),
      },
      fulfillments: o.fulfillments.map((f) => ({
        id: `gid://shopify/Fulfillment/${f.id}`, status: f.status, trackingInfo: f.trackingInfo,
        fulfillmentLineItems: { nodes: f.lines.map((l) => ({ quantity: l.quantity, lineItem: { id: `gid://shopify/LineItem/${l.lineItemId}` } })) },
      })),
    };
  }

  fulfillmentCreate(input: FulfillmentInput) {
    const err = (message: string, field = ['fulfillment']) => ({ fulfillment: null, userErrors: [{ field, message }] });
    const fos = input.lineItemsByFulfillmentOrder.map((x) => {
      for (const o of this.orders.values()) {
        const fo = o.fulfillmentOrders.find((f) => f.id === tail(x.fulfillmentOrderId));
        if (fo) return { o, fo, x };
      }
      return null;
    });
    if (fos.some((f) => f === null)) return err('Fulfillment order does not exist.');
    const found = fos as NonNullable<(typeof fos)[number]>[];
    if (new Set(found.map((f) => f.o.id)).size > 1) return err('Fulfillment orders must belong to the same order.');
    if (new Set(found.map((f) => f.fo.locationId)).size > 1) return err('All fulfillment orders must be assigned to the same location.');
    if (found.some((f) => f.fo.status !== 'OPEN' && f.fo.status !== 'IN_PROGRESS')) return err('Fulfillment order is not in a fulfillable state.');
    const moves: { li: { remainingQuantity: number; lineItemId: string }; quantity: number }[] = [];
    for (const { fo, x } of found) {
      const wanted = x.fulfillmentOrderLineItems ?? fo.lineItems.map((li) => ({ id: li.id, quantity: li.remainingQuantity }));
      for (const w of wanted) {
        const li = fo.lineItems.find((l) => l.id === tail(w.id));
        if (!li) return err('Invalid fulfillment order line item id.');
        if (w.quantity < 1 || w.quantity > li.remainingQuantity) return err(`Invalid fulfillment order line item quantity requested.`);
        moves.push({ li, quantity: w.quantity });
      }
    }
    for (const m of moves) m.li.remainingQuantity -= m.quantity;
    const order = found[0]!.o;
    for (const { fo } of found) fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
    const f = {
      id: nextId(), status: 'SUCCESS',
      trackingInfo: [{ number: input.trackingInfo?.number ?? '', company: input.trackingInfo?.company ?? null, url: null }],
      lines: moves.map((m) => ({ lineItemId: m.li.lineItemId, quantity: m.quantity })),
    };
    order.fulfillments.push(f);
    const left = order.fulfillmentOrders.some((fo) => fo.lineItems.some((l) => l.remainingQuantity > 0));
    order.displayFulfillmentStatus = left ? 'PARTIALLY_FULFILLED' : 'FULFILLED';
    order.updatedAt = this.now();
    return { fulfillment: { id: `gid://shopify/Fulfillment/${f.id}`, status: 'SUCCESS' }, userErrors: [] };
  }

  variantNode(id: string) {
    const v = this.variants.find((x) => x.id === tail(id));
    return v ? { id: `gid://shopify/ProductVariant/${v.id}`, sku: v.sku, inventoryItem: { id: `gid://shopify/InventoryItem/${v.inventoryItemId}` } } : null;
  }

  inventorySet(input: InventoryInput) {
    if (input.quantities.length > 250) {
      return { errors: [{ message: 'The input array size of 251 is greater than the maximum allowed of 250.', extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' } }] };
    }
    const userErrors: { code: string; field: string[]; message: string }[] = [];
    if (input.name !== 'available' && input.name !== 'on_hand') userErrors.push({ code: 'INVALID_NAME', field: ['input', 'name'], message: 'The quantity name must be either \'available\' or \'on_hand\'.' });
    input.quantities.forEach((q, i) => {
      if (!this.variants.some((v) => v.inventoryItemId === tail(q.inventoryItemId)) || this.deletedInventoryItems.has(tail(q.inventoryItemId))) {
        userErrors.push({ code: 'INVALID_INVENTORY_ITEM', field: ['input', 'quantities', String(i), 'inventoryItemId'], message: 'The specified inventory item could not be found.' });
      }
      if (!this.locations.has(tail(q.locationId))) userErrors.push({ code: 'INVALID_LOCATION', field: ['input', 'quantities', String(i), 'locationId'], message: 'The specified location could not be found.' });
    });
    if (userErrors.length > 0) return { data: { inventorySetQuantities: { inventoryAdjustmentGroup: null, userErrors } } };
    for (const q of input.quantities) this.levels.set(`${tail(q.inventoryItemId)}@${tail(q.locationId)}`, q.quantity);
    return { data: { inventorySetQuantities: { inventoryAdjustmentGroup: { id: `gid://shopify/InventoryAdjustmentGroup/${nextId()}` }, userErrors: [] } } };
  }

  productUpdate(input: { id: string; status?: string }): { product: { id: string; status: string } | null; userErrors: { field: string[]; message: string }[] } {
    const id = tail(input.id);
    if (!this.products.has(id)) return { product: null, userErrors: [{ field: ['product', 'id'], message: 'Product does not exist' }] };
    if (input.status && !['ACTIVE', 'DRAFT', 'ARCHIVED'].includes(input.status)) return { product: null, userErrors: [{ field: ['product', 'status'], message: 'Status is invalid' }] };
    if (input.status) this.productStatus.set(id, input.status);
    return { product: { id: input.id, status: this.productStatus.get(id) ?? 'ACTIVE' }, userErrors: [] };
  }
}
