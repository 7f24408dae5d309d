/**
 * Low-stock alerts (库存预警). A rule has a threshold per SKU (optionally per warehouse). The alert is
 * raised once when available stock goes below the threshold and re-armed when it is back at or above it,
 * so a rule has at most one open alert and no alert per movement.
 */
export type AlertDecision = 'raise' | 'resolve' | 'none';

export function decideAlert(available: number, threshold: number, hasOpenAlert: boolean): AlertDecision {
  if (available < threshold) return hasOpenAlert ? 'none' : 'raise';
  return hasOpenAlert ? 'resolve' : 'none';
}

export interface SuggestionInput {
  available: number;
  threshold: number;
  /** Units leaving per day, from recent shipments (ledger deductions). */
  dailyVelocity: number;
  leadTimeDays: number;
  /** Days of sales the replenishment should cover after it arrives. */
  coverDays: number;
  /** Already on its way (in transit to this warehouse). */
  incoming: number;
  /** Other warehouses' surplus (available above their own thresholds), best first. */
  donors: readonly { warehouseId: string; surplus: number }[];
}

export interface Suggestion {
  kind: 'purchase' | 'transfer' | 'none';
  quantity: number;
  fromWarehouseId?: string;
  reason: string;
}

/**
 * Quantity: enough to cover the lead time and the cover period at the recent velocity, plus the threshold
 * as safety stock, minus what is available and incoming. A warehouse-level alert is filled by a transfer
 * when another warehouse can spare the whole quantity; otherwise it is a purchase.
 */
export function suggestReplenishment(i: SuggestionInput): Suggestion {
  const target = Math.ceil(i.dailyVelocity * (i.leadTimeDays + i.coverDays)) + i.threshold;
  const quantity = Math.max(0, target - i.available - i.incoming);
  const reason = `velocity ${i.dailyVelocity.toFixed(2)}/day × (lead ${i.leadTimeDays} + cover ${i.coverDays} days) + safety ${i.threshold} − available ${i.available} − incoming ${i.incoming}`;
  if (quantity === 0) return { kind: 'none', quantity: 0, reason };
  const donor = i.donors.find((d) => d.surplus >= quantity);
  if (donor) return { kind: 'transfer', quantity, fromWarehouseId: donor.warehouseId, reason: `${reason}; another warehouse can spare it` };
  return { kind: 'purchase', quantity, reason };
}

/** Units per day over a window, from the quantities that left stock in it. */
export function dailyVelocity(deductedUnits: number, windowDays: number): number {
  return windowDays > 0 ? deductedUnits / windowDays : 0;
}
