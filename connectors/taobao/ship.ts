import { z } from 'zod';
import { ConnectorError } from '../errors.js';
import { writeVerified } from '../retry.js';
import type { ConnectorDeps, ShipmentPush, ShipmentPushResult } from '../types.js';
import type { TopClient } from './client.js';
import { offlineSendSchema } from './schemas.js';

/**
 * `taobao.logistics.offline.send` (PLATFORMS.md §3): `tid`, `out_sid`, `company_code`; a parcel that does not
 * carry the whole trade goes as a split consignment (`is_split=1`, `sub_tid` = the oids in it, comma-separated);
 * without `is_split` the whole trade is consigned. Taobao refuses to consign a sub-order twice, and the call
 * takes no idempotency key, so after an ambiguous failure (timeout, reset, 5xx, `isp.*`) or a refusal the
 * connector reads the trade back (`taobao.trade.fullinfo.get`, the sub-orders' `invoice_no`) and decides.
 */

const id = z.union([z.string(), z.bigint(), z.number()]).transform(String);
const subOrderSchema = z.looseObject({
  oid: id, status: z.string().optional(), invoice_no: z.string().nullish(), logistics_company: z.string().nullish(),
});
const fullinfoSchema = z.looseObject({
  trade: z.looseObject({ tid: id, status: z.string(), orders: z.looseObject({ order: z.array(subOrderSchema) }).optional() }),
});
const CONSIGN_STATE_FIELDS = 'tid,status,orders.oid,orders.status,orders.invoice_no,orders.logistics_company';

const oidsOf = (s: ShipmentPush) => [...new Set(s.lines.map((l) => l.lineId))];

/** The push's result when every sub-order of the parcel shows it consigned under our tracking number. */
async function alreadyConsigned(client: TopClient, s: ShipmentPush): Promise<ShipmentPushResult | undefined> {
  const r = await client.call('taobao.trade.fullinfo.get', { fields: CONSIGN_STATE_FIELDS, tid: s.platformOrderId }, fullinfoSchema);
  const subs = r.trade.orders?.order ?? [];
  const wanted = s.partial ? oidsOf(s) : subs.map((o) => o.oid);
  const mine = wanted.map((oid) => subs.find((o) => o.oid === oid));
  const done = mine.length > 0 && mine.every((o) => o?.invoice_no === s.trackingNumber);
  return done ? { platformShipmentId: `${s.platformOrderId}:${s.trackingNumber}` } : undefined;
}

/** A refusal saying the trade or sub-order is no longer waiting to be consigned: maybe our own earlier call. */
const mayBeOurs = (e: ConnectorError) => e.kind === 'invalid' && /isv\.logistics-offline-service-error|consign|发货/i.test(`${e.opts.platformCode ?? ''} ${e.message}`);

export async function consignTrade(client: TopClient, deps: Pick<ConnectorDeps, 'log'>, shopId: string, s: ShipmentPush): Promise<ShipmentPushResult> {
  if (s.partial && s.lines.length === 0) throw new ConnectorError('invalid', `partial shipment ${s.shipmentId} names no sub-orders`);
  return writeVerified(deps, {
    log: { platform: 'taobao', shopId, api: 'taobao.logistics.offline.send', shipmentId: s.shipmentId },
    write: async () => {
      const r = await client.call('taobao.logistics.offline.send', {
        tid: s.platformOrderId, out_sid: s.trackingNumber, company_code: s.courierCode,
        is_split: s.partial ? 1 : undefined, sub_tid: s.partial ? oidsOf(s).join(',') : undefined,
      }, offlineSendSchema, { write: true });
      if (!r.shipping.is_success) throw new ConnectorError('invalid', `taobao refused the consignment of ${s.platformOrderId}`);
      return { platformShipmentId: `${s.platformOrderId}:${s.trackingNumber}` };
    },
    applied: () => alreadyConsigned(client, s),
    refusalMayBeOurs: mayBeOurs,
  });
}
