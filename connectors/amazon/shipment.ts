import { createHash } from 'node:crypto';
import { ConnectorError } from '../errors.js';
import { writeVerified } from '../retry.js';
import type { ConnectorDeps, ShipmentPush, ShipmentPushResult } from '../types.js';
import type { SpApiClient } from './client.js';
import { fetchOrderItems } from './orders.js';
import { emptySchema } from './schemas.js';

/** A subset of SP-API's CarrierCode values; anything else goes as "Other" with the carrier's name. */
const carrierCodes = [
  'USPS', 'UPS', 'UPSMI', 'FedEx', 'DHL', 'DHL eCommerce', 'OnTrac', 'Amazon Shipping', 'Royal Mail', 'Parcelforce', 'DPD', 'Hermes',
  'Evri', 'Yodel', 'Canada Post', 'Purolator', 'Japan Post', 'Yamato Transport', 'Sagawa Express', 'Australia Post', 'Deutsche Post',
  'Chronopost', 'Colissimo', 'GLS', 'TNT', 'SF Express', 'China Post', 'Poste Italiane', 'Correos', 'PostNL', 'Bpost', 'India Post',
];
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const byNorm = new Map(carrierCodes.map((c) => [norm(c), c]));

export function carrierOf(courierCode: string, courierName?: string): { carrierCode: string; carrierName?: string } {
  const code = byNorm.get(norm(courierCode)) ?? (courierName ? byNorm.get(norm(courierName)) : undefined);
  return code ? { carrierCode: code } : { carrierCode: 'Other', carrierName: courierName ?? courierCode };
}

/**
 * packageReferenceId must be a positive number unique within the order. Derived from the hub's shipment id, so a
 * retry of the same parcel sends the same package again instead of a second one.
 */
export function packageReferenceOf(shipmentId: string): string {
  const n = BigInt(`0x${createHash('sha256').update(shipmentId).digest('hex').slice(0, 12)}`);
  return (n + 1n).toString();
}

const shippedByItem = async (client: SpApiClient, orderId: string) =>
  new Map((await fetchOrderItems(client, orderId)).map((i) => [i.OrderItemId, Number(i.QuantityShipped ?? 0)]));

/**
 * confirmShipment: one call per parcel, with the order items and quantities in it, so a split order is confirmed
 * package by package, each with its own tracking number. 204 on success. It takes no idempotency key and Orders
 * v0 shows no packages, so the order items' QuantityShipped are read before the call; after an ambiguous failure
 * (timeout, reset, 5xx) they are read again: grown by the package's quantities means Amazon applied it (the hub
 * holds the order's lock, so no other package of this order is confirmed meanwhile), unchanged means send again.
 */
export async function confirmShipment(client: SpApiClient, deps: Pick<ConnectorDeps, 'log'>, marketplaceId: string, s: ShipmentPush): Promise<ShipmentPushResult> {
  if (s.lines.length === 0) throw new ConnectorError('invalid', `amazon confirmShipment ${s.platformOrderId}: a package needs its order items`);
  const packageReferenceId = packageReferenceOf(s.shipmentId);
  const result = { platformShipmentId: `${s.platformOrderId}/${packageReferenceId}` };
  const want = new Map<string, number>();
  for (const l of s.lines) want.set(l.lineId, (want.get(l.lineId) ?? 0) + l.quantity);
  const confirm = () => client.call('confirmShipment', {
    method: 'POST',
    path: `/orders/v0/orders/${encodeURIComponent(s.platformOrderId)}/shipmentConfirmation`,
    write: true,
    body: {
      marketplaceId,
      packageDetail: {
        packageReferenceId,
        ...carrierOf(s.courierCode, s.courierName),
        trackingNumber: s.trackingNumber,
        shipDate: s.shippedAt.toISOString(),
        orderItems: s.lines.map((l) => ({ orderItemId: l.lineId, quantity: l.quantity })),
      },
    },
  }, emptySchema);
  let before = await shippedByItem(client, s.platformOrderId);
  return writeVerified(deps, {
    log: { platform: 'amazon', op: 'confirmShipment', shipmentId: s.shipmentId },
    write: async () => {
      try {
        await confirm();
      } catch (e) {
        // The reference is derived from the hub's parcel id: Amazon already holding it means it holds this parcel
        // (a retry after the hub crashed between Amazon applying and the hub recording).
        if (e instanceof ConnectorError && e.kind === 'invalid' && e.message.includes(`packageReferenceId ${packageReferenceId} has already been confirmed`)) return result;
        throw e;
      }
      return result;
    },
    applied: async () => {
      const after = await shippedByItem(client, s.platformOrderId);
      const grew = [...want].every(([id, q]) => (after.get(id) ?? 0) - (before.get(id) ?? 0) >= q);
      before = after;
      return grew ? result : undefined;
    },
  });
}
