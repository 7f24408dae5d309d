import { holdReasons, type Hold, type OrderLine } from './order.js';
import type { NormalizedAddress, PlatformOrderState } from '../../connectors/types.js';

export interface AuditInput {
  platformState: PlatformOrderState;
  address?: NormalizedAddress;
  lines: readonly OrderLine[];
}

export const requiredAddressParts = ['name', 'line1', 'city', 'country'] as const;

const hold = (code: keyof typeof holdReasons, detail?: string): Hold => ({
  code,
  message: detail ? `${holdReasons[code]}: ${detail}` : holdReasons[code],
});

/** 审单, first version: every failing check is returned, so CS sees all that is wrong at once. */
export function audit(input: AuditInput): Hold[] {
  const holds: Hold[] = [];
  if (input.platformState === 'unpaid') holds.push(hold('NOT_PAID'));
  const missing = requiredAddressParts.filter((p) => !input.address?.[p]?.trim());
  if (missing.length > 0) holds.push(hold('ADDRESS_INCOMPLETE', missing.join(', ')));
  const open = input.lines.filter((l) => l.quantity - l.refundedQuantity > 0);
  if (open.length === 0) holds.push(hold('NO_LINES'));
  const unmapped = open.filter((l) => !l.skuCode).map((l) => l.platformSku ?? l.lineId);
  if (unmapped.length > 0) holds.push(hold('UNKNOWN_SKU', unmapped.join(', ')));
  return holds;
}
