import { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { writeVerified } from '../retry.js';
import type { ConnectorDeps, ShipmentPush, ShipmentPushResult } from '../types.js';
import type { ShopeeClient } from './client.js';
import { orderDetailSchema, shippingParameterSchema, trackingNumberSchema, type ShippingParameter } from './schemas.js';

const statusRow = z.looseObject({ order_sn: z.string(), order_status: z.string() });
/** Statuses in which ship_order is still accepted. */
const SHIPPABLE = new Set(['READY_TO_SHIP', 'RETRY_SHIP']);
const NOT_SHIPPABLE = new Set(['UNPAID', 'PENDING', 'IN_CANCEL', 'CANCELLED', 'INVOICE_PENDING']);

async function orderStatus(client: ShopeeClient, orderSn: string): Promise<string> {
  const r = await client.get('/api/v2/order/get_order_detail', { order_sn_list: orderSn }, orderDetailSchema);
  const row = r.order_list.map((o) => statusRow.safeParse(o)).find((p) => p.success && p.data.order_sn === orderSn);
  if (!row?.success) throw new ConnectorError('not_found', `shopee order ${orderSn} not found`);
  return row.data.order_status;
}

const trackingOf = async (client: ShopeeClient, orderSn: string) =>
  (await client.get('/api/v2/logistics/get_tracking_number', { order_sn: orderSn }, trackingNumberSchema)).tracking_number;

/**
 * Builds ship_order's body from what get_shipping_parameter says the order's channel needs. A present key is an
 * available mode (an empty list means it needs no fields); non-integrated wins, then pickup, then drop-off.
 */
export function shipOrderBody(orderSn: string, p: ShippingParameter, s: ShipmentPush): Record<string, unknown> {
  const need = p.info_needed;
  const wantsTracking = (list: string[] | null | undefined) => (list ?? []).some((f) => f === 'tracking_number' || f === 'tracking_no');
  if (need.non_integrated) return { order_sn: orderSn, non_integrated: { tracking_number: s.trackingNumber } };
  if (need.pickup) {
    const addresses = p.pickup?.address_list ?? [];
    const address = addresses.find((a) => a.address_flag?.includes('pickup_address')) ?? addresses[0];
    if (!address) throw new ConnectorError('invalid', `shopee order ${orderSn}: pickup needs an address and the shop has none`);
    const slots = address.time_slot_list ?? [];
    const slot = slots.find((t) => t.flags?.includes('recommended')) ?? slots[0];
    const pickup: Record<string, unknown> = { address_id: Number(address.address_id) };
    if (slot) pickup.pickup_time_id = slot.pickup_time_id;
    if (wantsTracking(need.pickup)) pickup.tracking_number = s.trackingNumber;
    return { order_sn: orderSn, pickup };
  }
  if (need.dropoff) {
    if (need.dropoff.includes('sender_real_name')) {
      throw new ConnectorError('invalid', `shopee order ${orderSn}: the drop-off channel needs sender_real_name, which the hub does not carry`, { platformCode: 'logistics.ship_order_need_sender_real_name' });
    }
    const dropoff: Record<string, unknown> = {};
    if (need.dropoff.includes('branch_id')) {
      const branch = p.dropoff?.branch_list?.[0];
      if (!branch) throw new ConnectorError('invalid', `shopee order ${orderSn}: drop-off needs a branch and none is offered`);
      dropoff.branch_id = Number(branch.branch_id);
    }
    if (wantsTracking(need.dropoff)) dropoff.tracking_number = s.trackingNumber;
    return { order_sn: orderSn, dropoff };
  }
  throw new ConnectorError('invalid_payload', `shopee order ${orderSn}: get_shipping_parameter named no shipping mode`);
}

/**
 * Shopee ships a whole order once, with one tracking number (ship_order has no line items). A push for an
 * order Shopee already shows as arranged is a retry when the tracking number matches (nothing is sent again);
 * a different tracking number is refused loudly rather than dropped, since Shopee cannot take a second one.
 */
export async function pushShopeeShipment(client: ShopeeClient, deps: ConnectorDeps, shopId: string, s: ShipmentPush): Promise<ShipmentPushResult> {
  const orderSn = s.platformOrderId;
  const status = await orderStatus(client, orderSn);
  if (NOT_SHIPPABLE.has(status)) {
    throw new ConnectorError('invalid', `shopee order ${orderSn} cannot be shipped in status ${status}`, { platformCode: `order_status_${status}` });
  }
  if (!SHIPPABLE.has(status)) {
    const existing = await trackingOf(client, orderSn);
    if (existing === s.trackingNumber) return { platformShipmentId: `${orderSn}:${existing}` };
    throw new ConnectorError('invalid', `shopee order ${orderSn} is already ${status}${existing ? ` with tracking ${existing}` : ''}; Shopee takes one tracking number per order`, { platformCode: 'already_shipped' });
  }
  if (s.partial) deps.log.warn({ shopId, orderSn, shipmentId: s.shipmentId }, 'shopee ships whole orders: this parcel marks the whole order shipped');
  const params = await client.get('/api/v2/logistics/get_shipping_parameter', { order_sn: orderSn }, shippingParameterSchema);
  const body = shipOrderBody(orderSn, params, s);
  const ours = 'non_integrated' in body; // only a non-integrated channel carries our tracking number
  await writeVerified(deps, {
    log: { platform: 'shopee', shopId, op: 'ship_order', shipmentId: s.shipmentId },
    write: () => client.post('/api/v2/logistics/ship_order', body, z.unknown(), { write: true }),
    // ship_order takes no idempotency key: after a lost reply the order's status (and tracking) tell. The hub holds
    // the order's lock, so an order that left READY_TO_SHIP meanwhile was shipped by this call.
    applied: async () => {
      const now = await orderStatus(client, orderSn);
      if (SHIPPABLE.has(now) || NOT_SHIPPABLE.has(now)) return undefined;
      return !ours || (await trackingOf(client, orderSn)) === s.trackingNumber ? 'applied' : undefined;
    },
  });
  const assigned = await trackingOf(client, orderSn);
  return { platformShipmentId: `${orderSn}:${assigned || s.trackingNumber}` };
}
