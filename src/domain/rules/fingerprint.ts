import { createHash } from 'node:crypto';
import type { OrderLine } from '../order.js';

export interface FingerprintSubject {
  buyer: { platformBuyerId?: string; name?: string; email?: string; phone?: string };
  address?: { name?: string; phone?: string; line1?: string; postalCode?: string; country?: string };
  lines: readonly OrderLine[];
}

const low = (s: string | undefined) => (s ?? '').trim().toLowerCase();

/** Who the buyer is, as stably as the platform lets us tell; undefined when nothing identifies them. */
export function buyerKey(o: FingerprintSubject): string | undefined {
  if (o.buyer.platformBuyerId) return `id:${o.buyer.platformBuyerId}`;
  if (o.buyer.email) return `em:${low(o.buyer.email)}`;
  const phone = (o.buyer.phone ?? o.address?.phone ?? '').replace(/\D+/g, '');
  if (phone) return `ph:${phone}`;
  const name = low(o.buyer.name ?? o.address?.name);
  return name && o.address?.line1 ? `na:${name}|${low(o.address.line1)}|${low(o.address.postalCode)}|${low(o.address.country)}` : undefined;
}

/**
 * The `_id` of the fingerprint document for "same buyer, same lines": a hash of the seller, the buyer and
 * the sorted SKU × quantity of the lines. Looked up by `_id` only (the store indexes nothing else).
 */
export function fingerprintId(sellerId: string, o: FingerprintSubject): string | undefined {
  const buyer = buyerKey(o);
  if (!buyer || o.lines.length === 0) return undefined;
  const lines = o.lines.map((l) => `${l.skuCode ?? `p:${l.platformSku ?? l.title ?? l.lineId}`}×${l.quantity}`).sort().join(',');
  return `fp_${createHash('sha1').update(`${sellerId}\u0000${buyer}\u0000${lines}`).digest('hex').slice(0, 32)}`;
}
