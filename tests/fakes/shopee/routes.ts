import { opsRoutes } from './routes-ops.js';
import { fail, ok, type Route } from './answers.js';

const FIFTEEN_DAYS = 15 * 24 * 3600;
const BASE_FIELDS = ['order_sn', 'region', 'currency', 'cod', 'order_status', 'create_time', 'update_time', 'days_to_ship', 'ship_by_date', 'message_to_seller'];

const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

/** GET /api/v2/order/get_order_list: update_time/create_time range ≤ 15 days, page_size 1..100, offset cursor, newest first. */
const getOrderList: Route = ({ query, state }) => {
  const field = query.time_range_field;
  if (field !== 'update_time' && field !== 'create_time') return fail(400, 'error_param', 'time_range_field is invalid');
  const from = int(query.time_from);
  const to = int(query.time_to);
  if (from === undefined || to === undefined || from >= to || to - from > FIFTEEN_DAYS) {
    return fail(400, 'order.order_list_invalid_time', 'Start time must be earlier than end time and diff in 15days.');
  }
  const size = int(query.page_size);
  if (size === undefined || size < 1 || size > 100) return fail(400, 'error_param', 'page_size should be between 1 and 100');
  const offset = query.cursor ? int(query.cursor) : 0;
  if (offset === undefined) return fail(400, 'error_param', 'cursor is invalid');
  const rows = [...state.orders.values()]
    .filter((o) => o[field] >= from && o[field] <= to && (!query.order_status || o.order_status === query.order_status))
    .sort((a, b) => b[field] - a[field] || a.order_sn.localeCompare(b.order_sn));
  const page = rows.slice(offset, offset + size);
  const more = offset + size < rows.length;
  const withStatus = (query.response_optional_fields ?? '').split(',').includes('order_status');
  return ok({
    more,
    next_cursor: more ? String(offset + size) : '',
    order_list: page.map((o) => (withStatus ? { order_sn: o.order_sn, order_status: o.order_status } : { order_sn: o.order_sn })),
  });
};

/** GET /api/v2/order/get_order_detail: 1..50 order_sn; optional fields only when asked for. */
const getOrderDetail: Route = ({ query, state }) => {
  const sns = (query.order_sn_list ?? '').split(',').filter(Boolean);
  if (sns.length < 1 || sns.length > 50) return fail(400, 'error_param', 'order_sn_list should contain 1 to 50 order_sn');
  const wanted = new Set([...BASE_FIELDS, ...(query.response_optional_fields ?? '').split(',')]);
  const list = sns.flatMap((sn) => {
    const o = state.orders.get(sn);
    return o ? [Object.fromEntries(Object.entries(o).filter(([k]) => wanted.has(k)))] : [];
  });
  return ok({ order_list: list });
};

/** GET /api/v2/returns/get_return_list: page_no from 0, page_size ≤ 100, update_time range ≤ 15 days. */
const getReturnList: Route = ({ query, state }) => {
  const pageNo = int(query.page_no);
  const size = int(query.page_size);
  if (pageNo === undefined || size === undefined || size < 1 || size > 100) return fail(400, 'error_param', 'parameter invalid');
  const from = int(query.update_time_from);
  const to = int(query.update_time_to);
  if (from === undefined || to === undefined || to <= from) return fail(400, 'error_param', 'The update_time_to should be later than update_time_from.');
  if (to - from > FIFTEEN_DAYS) return fail(400, 'error_param', 'The period between update_time_from and update_time_to must not more than 15 days.');
  const rows = state.returns.filter((r) => r.update_time >= from && r.update_time <= to).sort((a, b) => b.update_time - a.update_time);
  const page = rows.slice(pageNo * size, (pageNo + 1) * size);
  return ok({ more: (pageNo + 1) * size < rows.length, return: page });
};

export const routes: Record<string, Route> = {
  'GET /api/v2/order/get_order_list': getOrderList,
  'GET /api/v2/order/get_order_detail': getOrderDetail,
  'GET /api/v2/returns/get_return_list': getReturnList,
  ...opsRoutes,
};
