import { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { writeVerified } from '../retry.js';
import type { ConnectorDeps, ShipmentPush, ShipmentPushResult } from '../types.js';
import type { PddClient } from './client.js';
import { onlineSendSchema } from './schemas.js';

/**
 * `pdd.logistics.online.send` (order_sn, logistics_id, tracking_number) ships the whole order under one tracking
 * number (PLATFORMS.md §6 [3P]); PDD refuses a second send ("订单已发货，不能重复发货"). It takes no idempotency
 * key: after an ambiguous failure (timeout, reset, 5xx, 系统繁忙) or an already-shipped refusal the connector reads
 * the order back (`pdd.order.information.get` → `order_info_get_response.order_info`: order_status,
 * tracking_number; name and shape recalled [R], not in PLATFORMS.md) and decides.
 */
const orderInfoSchema = z.looseObject({
  order_info: z.looseObject({
    order_sn: z.string(), order_status: z.coerce.number(), tracking_number: z.string().nullish(), logistics_id: z.coerce.number().nullish(),
  }),
});
const WAIT_SHIP = 1;
const shippedText = /已发货|重复发货|already\s+shipped/i;

export async function shipPddOrder(client: PddClient, deps: Pick<ConnectorDeps, 'log'>, shopId: string, s: ShipmentPush): Promise<ShipmentPushResult> {
  if (!/^\d+$/.test(s.courierCode)) throw new ConnectorError('invalid', `PDD needs its numeric logistics_id as courierCode, got "${s.courierCode}"`);
  const result = { platformShipmentId: `${s.platformOrderId}:${s.trackingNumber}` };
  return writeVerified(deps, {
    log: { platform: 'pinduoduo', shopId, api: 'pdd.logistics.online.send', shipmentId: s.shipmentId },
    write: async () => {
      const r = await client.call('pdd.logistics.online.send', 'logistics_online_send_response', {
        order_sn: s.platformOrderId, logistics_id: s.courierCode, tracking_number: s.trackingNumber,
      }, onlineSendSchema, { write: true });
      if (!r.is_success) throw new ConnectorError('invalid', `PDD refused the shipment of ${s.platformOrderId}`);
      return result;
    },
    applied: async () => {
      const r = await client.call('pdd.order.information.get', 'order_info_get_response', { order_sn: s.platformOrderId }, orderInfoSchema);
      const o = r.order_info;
      return o.order_status !== WAIT_SHIP && o.tracking_number === s.trackingNumber ? result : undefined;
    },
    refusalMayBeOurs: (e) => shippedText.test(e.message),
  });
}
