import { createHash } from 'node:crypto';
import { ConnectorError } from '../errors.js';
import type { ShipmentPush, ShipmentPushResult } from '../types.js';
import type { SpApiClient } from './client.js';
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

/**
 * confirmShipment: one call per parcel, with the order items and quantities in it, so a split order is confirmed
 * package by package, each with its own tracking number. 204 on success.
 */
export async function confirmShipment(client: SpApiClient, marketplaceId: string, s: ShipmentPush): Promise<ShipmentPushResult> {
  if (s.lines.length === 0) throw new ConnectorError('invalid', `amazon confirmShipment ${s.platformOrderId}: a package needs its order items`);
  const packageReferenceId = packageReferenceOf(s.shipmentId);
  await client.call('confirmShipment', {
    method: 'POST',
    path: `/orders/v0/orders/${encodeURIComponent(s.platformOrderId)}/shipmentConfirmation`,
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
  return { platformShipmentId: `${s.platformOrderId}/${packageReferenceId}` };
}
