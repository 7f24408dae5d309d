import { fail, ok, type Route } from './answers.js';

const SHIPPABLE = new Set(['READY_TO_SHIP', 'RETRY_SHIP']);

/** GET /api/v2/logistics/get_shipping_parameter: what ship_order needs for the order's channel. */
const getShippingParameter: Route = ({ query, state }) => {
  const o = state.orders.get(query.order_sn ?? '');
  if (!o) return fail(404, 'error_not_found', 'Wrong parameters, detail: the order is not found.');
  const mode = state.shipMode.get(o.order_sn) ?? 'non_integrated';
  if (mode === 'non_integrated') return ok({ info_needed: { non_integrated: ['tracking_no'] } });
  if (mode === 'dropoff') return ok({ info_needed: { dropoff: ['branch_id'] }, dropoff: { branch_list: [{ branch_id: 77, region: 'MY', city: 'Kuala Lumpur' }] } });
  return ok({
    info_needed: { dropoff: [], pickup: ['address_id', 'pickup_time_id'] },
    pickup: { address_list: [
      { address_id: 123, region: 'MY', address_flag: ['default_address', 'return_address'], time_slot_list: null },
      { address_id: 234, region: 'MY', address_flag: ['pickup_address'], time_slot_list: [{ date: 1_700_100_000, pickup_time_id: 'slot-1' }, { date: 1_700_200_000, pickup_time_id: 'slot-2', flags: ['recommended'] }] },
    ] },
  });
};

/** POST /api/v2/logistics/ship_order: exactly the block the channel needs; the order must be ready to ship. */
const shipOrder: Route = ({ body, state }) => {
  const o = state.orders.get(String(body.order_sn ?? ''));
  if (!o) return fail(404, 'error_not_found', 'Wrong parameters, detail: the order is not found.');
  if (!SHIPPABLE.has(o.order_status)) return fail(400, 'logistics.order_status_error', `order status ${o.order_status} can not ship`);
  const mode = state.shipMode.get(o.order_sn) ?? 'non_integrated';
  const block = body[mode] as Record<string, unknown> | undefined;
  if (!block || typeof block !== 'object') return fail(400, 'logistics.ship_order_invalid_param', `${mode} is required for this order`);
  if (mode === 'non_integrated' && !block.tracking_number) return fail(400, 'logistics.ship_order_invalid_param', 'tracking_number is required');
  if (mode === 'pickup' && (block.address_id !== 234 || (block.pickup_time_id !== 'slot-2' && block.pickup_time_id !== 'slot-1'))) return fail(400, 'logistics.ship_order_invalid_param', 'invalid address_id or pickup_time_id');
  if (mode === 'dropoff' && block.branch_id !== 77) return fail(400, 'logistics.ship_order_invalid_param', 'invalid branch_id');
  state.shipCalls.push(body);
  state.tracking.set(o.order_sn, mode === 'non_integrated' ? String(block.tracking_number) : `SPXMY${String(++state.trackingSeq).padStart(8, '0')}`);
  o.order_status = 'PROCESSED';
  o.update_time = Math.floor(Date.now() / 1000);
  return { status: 200, body: { error: '', message: '', request_id: 'fakeship' } };
};

const getTrackingNumber: Route = ({ query, state }) => {
  const o = state.orders.get(query.order_sn ?? '');
  if (!o) return fail(404, 'error_not_found', 'Wrong parameters, detail: the order is not found.');
  return ok({ tracking_number: state.tracking.get(o.order_sn) ?? '' });
};

/** POST /api/v2/product/update_stock: one item, 1..50 models, stock ≥ reserved. */
const updateStock: Route = ({ body, state }) => {
  const itemId = Number(body.item_id);
  const models = state.stock.get(itemId);
  if (!models) return fail(400, 'product.error_item_not_found', `item_id ${String(body.item_id)} not found`);
  const list = body.stock_list as { model_id: number; seller_stock: { stock: number }[] }[] | undefined;
  if (!Array.isArray(list) || list.length < 1 || list.length > 50) return fail(400, 'product.error_param', 'stock_list should contain 1 to 50 models');
  state.stockCalls.push({ item_id: itemId, models: list.length });
  const success_list: unknown[] = [];
  const failure_list: unknown[] = [];
  for (const entry of list) {
    const m = models.get(entry.model_id);
    const stock = entry.seller_stock?.[0]?.stock;
    if (!m) failure_list.push({ model_id: entry.model_id, failed_reason: 'model_id not found' });
    else if (typeof stock !== 'number' || stock < m.reserved) failure_list.push({ model_id: entry.model_id, failed_reason: `stock must be at least the reserved stock ${m.reserved}` });
    else {
      m.stock = stock;
      success_list.push({ model_id: entry.model_id, location_id: 'MYZ', stock });
    }
  }
  return ok({ failure_list, success_list });
};

/** POST /api/v2/product/unlist_item: 1..48 items; an item under promotion cannot be unlisted. */
const unlistItem: Route = ({ body, state }) => {
  const list = body.item_list as { item_id: number; unlist: boolean }[] | undefined;
  if (!Array.isArray(list) || list.length < 1 || list.length > 48) return fail(400, 'product.error_param', 'item_list should contain 1 to 48 items');
  const success_list: unknown[] = [];
  const failure_list: unknown[] = [];
  for (const e of list) {
    if (!state.stock.has(e.item_id)) failure_list.push({ item_id: e.item_id, failed_reason: 'item not found' });
    else if (e.unlist && state.inPromotion.has(e.item_id)) failure_list.push({ item_id: e.item_id, failed_reason: 'Cannot unlist item when item is under promotion.' });
    else {
      if (e.unlist) state.unlisted.add(e.item_id);
      else state.unlisted.delete(e.item_id);
      success_list.push({ item_id: e.item_id, unlist: e.unlist });
    }
  }
  return ok({ failure_list, success_list });
};

/** POST /api/v2/auth/access_token/get: rotates the pair; the refresh token used is spent. Answers at the top level. */
const refreshAccessToken: Route = ({ body, state }) => {
  const rt = String(body.refresh_token ?? '');
  if (Number(body.shop_id) !== state.cfg.shopId || Number(body.partner_id) !== state.cfg.partnerId) return fail(403, 'error_auth', 'Invalid partner_id or shopid.');
  if (!state.refreshTokens.has(rt)) return fail(403, 'error_auth', 'Invalid refresh_token.');
  state.refreshTokens.delete(rt);
  const t = state.issueTokens();
  return { status: 200, body: { ...t, expire_in: 14_400, partner_id: state.cfg.partnerId, shop_id: state.cfg.shopId, error: '', message: '', request_id: 'faketok' } };
};

/** POST /api/v2/auth/token/get: a single-use authorisation code for the shop → its first token pair. */
const tokenGet: Route = ({ body, state }) => {
  const code = String(body.code ?? '');
  if (Number(body.shop_id) !== state.cfg.shopId || Number(body.partner_id) !== state.cfg.partnerId) return fail(403, 'error_auth', 'Invalid partner_id or shopid.');
  if (!state.authCodes.delete(code)) return fail(403, 'error_auth', 'Invalid code.');
  const t = state.issueTokens();
  return { status: 200, body: { ...t, expire_in: 14_400, error: '', message: '', request_id: 'faketok' } };
};

export const opsRoutes: Record<string, Route> = {
  'GET /api/v2/logistics/get_shipping_parameter': getShippingParameter,
  'POST /api/v2/logistics/ship_order': shipOrder,
  'GET /api/v2/logistics/get_tracking_number': getTrackingNumber,
  'POST /api/v2/product/update_stock': updateStock,
  'POST /api/v2/product/unlist_item': unlistItem,
  'POST /api/v2/auth/access_token/get': refreshAccessToken,
  'POST /api/v2/auth/token/get': tokenGet,
};
