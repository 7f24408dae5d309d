import { gmt, local, type WcJson } from './fixtures.js';
import { wpError, type FakeRequest, type FakeWooCommerce, type Reply } from './server.js';

const statuses = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft', 'trash'];
const ids = (v: string | undefined) => (v ? v.split(',').map((x) => Number(x.trim())).filter((n) => Number.isInteger(n)) : []);

/** `after`/`before` are strict, as in WP_Date_Query; without dates_are_gmt they compare the site-local date. */
function listOrders(wc: FakeWooCommerce, r: FakeRequest): Reply {
  const q = r.query;
  const perPage = q.per_page === undefined ? 10 : Number(q.per_page);
  const page = q.page === undefined ? 1 : Number(q.page);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page');
  if (!Number.isInteger(page) || page < 1) return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): page');
  const gmtDates = q.dates_are_gmt === 'true' || q.dates_are_gmt === '1';
  const modified = (o: WcJson) => String(gmtDates ? o.date_modified_gmt : o.date_modified);
  const wanted = q.status && q.status !== 'any' ? q.status.split(',') : statuses.filter((s) => s !== 'trash');
  const exclude = new Set([...ids(q.exclude), ...ids(q['exclude[]'])]);
  const cmpDate = (v: string) => v.replace(/Z$/, '').slice(0, 19);
  let rows = [...wc.orders.values()].filter((o) => wanted.includes(String(o.status)) && !exclude.has(Number(o.id)));
  if (q.modified_after) rows = rows.filter((o) => modified(o) > cmpDate(q.modified_after!));
  if (q.modified_before) rows = rows.filter((o) => modified(o) < cmpDate(q.modified_before!));
  const orderby = q.orderby ?? 'date';
  const key = (o: WcJson) => (orderby === 'modified' ? modified(o) : orderby === 'id' ? String(o.id).padStart(12, '0') : String(o.date_created_gmt));
  const dir = (q.order ?? 'desc') === 'asc' ? 1 : -1;
  rows.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : (Number(a.id) - Number(b.id)) * dir));
  const total = rows.length;
  const totalPages = Math.ceil(total / perPage);
  const items = rows.slice((page - 1) * perPage, page * perPage).map((o) => pickFields(structuredClone(o), q._fields));
  const link = (p: number, rel: string) => `<http://fake/wp-json/wc/v3/orders?page=${p}>; rel="${rel}"`;
  const links = [page > 1 ? link(page - 1, 'prev') : '', page < totalPages ? link(page + 1, 'next') : ''].filter(Boolean).join(', ');
  return { status: 200, body: items, headers: { 'x-wp-total': String(total), 'x-wp-totalpages': String(totalPages), ...(links ? { link: links } : {}) } };
}

function pickFields(o: WcJson, fields: string | undefined): WcJson {
  if (!fields) return o;
  const keep = new Set(fields.split(','));
  return Object.fromEntries(Object.entries(o).filter(([k]) => keep.has(k)));
}

/** WC ≥ 9.0 `GET /refunds`: every refund, `parent_id` added, `parent` (comma list) filters by order; 404 on older sites. */
function listRefunds(wc: FakeWooCommerce, r: FakeRequest): Reply {
  if (!wc.refundsEndpoint) return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  const parents = r.query.parent ? new Set(r.query.parent.split(',').map(Number)) : undefined;
  const all = [...wc.refunds.entries()].filter(([id]) => !parents || parents.has(id)).flatMap(([id, list]) => list.map((x) => ({ ...x, parent_id: id })));
  const perPage = Math.min(Number(r.query.per_page ?? 10), 100);
  return { status: 200, body: all.slice(0, perPage), headers: { 'x-wp-total': String(all.length), 'x-wp-totalpages': String(Math.max(1, Math.ceil(all.length / perPage))) } };
}

export function handleOrderResource(wc: FakeWooCommerce, r: FakeRequest): Reply | null {
  if (r.path === '/wc/v3/orders' && r.method === 'GET') return listOrders(wc, r);
  if (r.path === '/wc/v3/refunds' && r.method === 'GET') return listRefunds(wc, r);
  const m = /^\/(wc\/v3|wc-shipment-tracking\/v3)\/orders\/(\d+)(?:\/(notes|refunds|shipment-trackings))?$/.exec(r.path);
  if (!m) return null;
  const [, ns, idText, sub] = m;
  const id = Number(idText);
  const order = wc.orders.get(id);
  if (!order) return wpError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
  if (ns === 'wc-shipment-tracking/v3') {
    if (sub !== 'shipment-trackings') return null;
    const list = wc.trackings.get(id) ?? [];
    if (r.method === 'GET') return { status: 200, body: list };
    const b = (r.body ?? {}) as WcJson;
    if (!b.tracking_number || !(b.tracking_provider || b.custom_tracking_provider)) return wpError(400, 'woocommerce_shipment_tracking_missing_fields', 'Missing tracking provider or number.');
    const item = { tracking_id: `t${wc.nextId++}`, tracking_provider: b.tracking_provider ?? b.custom_tracking_provider, tracking_link: '', tracking_number: b.tracking_number, date_shipped: b.date_shipped };
    wc.trackings.set(id, [...list, item]);
    return { status: 201, body: item };
  }
  if (sub === 'refunds' && r.method === 'GET') return { status: 200, body: wc.refunds.get(id) ?? [] };
  if (sub === 'notes') {
    const list = wc.notes.get(id) ?? [];
    if (r.method === 'GET') return { status: 200, body: list };
    const b = (r.body ?? {}) as WcJson;
    if (!b.note) return wpError(400, 'woocommerce_rest_missing_note', 'Order note is required.');
    const note = { id: wc.nextId++, author: 'WooCommerce', date_created_gmt: gmt(wc.clock), note: b.note, customer_note: Boolean(b.customer_note) };
    wc.notes.set(id, [...list, note]);
    return { status: 201, body: note };
  }
  if (sub) return null;
  if (r.method === 'GET') return { status: 200, body: order };
  if (r.method === 'PUT' || r.method === 'POST') {
    const status = (r.body as WcJson | undefined)?.status;
    if (status !== undefined && !statuses.includes(String(status))) return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): status');
    if (status === 'completed' && order.status !== 'completed') Object.assign(order, { date_completed_gmt: gmt(wc.clock), date_completed: local(wc.clock) });
    return { status: 200, body: wc.touchOrder(id, status ? { status } : {}) };
  }
  return null;
}

function batch(wc: FakeWooCommerce, r: FakeRequest, table: Map<number, WcJson> | undefined): Reply {
  const b = (r.body ?? {}) as { create?: unknown[]; update?: WcJson[]; delete?: unknown[] };
  const count = (b.create?.length ?? 0) + (b.update?.length ?? 0) + (b.delete?.length ?? 0);
  if (count > wc.batchLimit) return wpError(413, 'woocommerce_rest_request_entity_too_large', `Unable to accept more than ${wc.batchLimit} items for this request.`);
  const update = (b.update ?? []).map((u) => {
    const p = table?.get(Number(u.id));
    if (!p) return { id: Number(u.id), error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } } };
    if (u.manage_stock !== undefined) p.manage_stock = u.manage_stock;
    if (u.catalog_visibility !== undefined) {
      if (p.type === 'variation' || !['visible', 'catalog', 'search', 'hidden'].includes(String(u.catalog_visibility))) {
        return { id: Number(u.id), error: { code: 'rest_invalid_param', message: 'Invalid parameter(s): catalog_visibility', data: { status: 400 } } };
      }
      p.catalog_visibility = u.catalog_visibility;
    }
    if (u.status !== undefined) p.status = u.status;
    if (u.stock_quantity !== undefined) {
      p.stock_quantity = u.stock_quantity;
      p.stock_status = Number(u.stock_quantity) > 0 ? 'instock' : 'outofstock';
    }
    return structuredClone(p);
  });
  return { status: 200, body: { update } };
}

export function handleCatalog(wc: FakeWooCommerce, r: FakeRequest): Reply | null {
  if (r.path === '/wc/v3/products' && r.method === 'GET') {
    const skus = new Set((r.query.sku ?? '').split(',').filter(Boolean));
    const all = [...wc.products.values(), ...[...wc.variations.values()].flatMap((m) => [...m.values()])];
    return { status: 200, body: skus.size ? all.filter((p) => skus.has(String(p.sku))) : all };
  }
  if (r.path === '/wc/v3/products/batch' && r.method === 'POST') return batch(wc, r, wc.products);
  const v = /^\/wc\/v3\/products\/(\d+)\/variations\/batch$/.exec(r.path);
  if (v && r.method === 'POST') {
    if (!wc.products.has(Number(v[1]))) return wpError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    return batch(wc, r, wc.variations.get(Number(v[1])));
  }
  return null;
}
