/**
 * A supplier's running score from its receiving history (pure): price against quote, on-time delivery and QC
 * rejection rate, each 0..1, weighted into 0..100. No history → null (unknown, not bad).
 */
export interface DeliveryRecord {
  /** The supplier's quoted price for the SKU when the PO was raised, if it had one. */
  quotedPriceMinor?: number | null;
  unitPriceMinor: number;
  expectedDate?: Date | null;
  receivedAt: Date;
  receivedQty: number;
  rejectedQty: number;
}

export interface SupplierScore {
  score: number | null;
  deliveries: number;
  /** Mean of quote ÷ price paid, capped at 1 (1 = never above quote). */
  priceVsQuote: number | null;
  onTimeRate: number | null;
  rejectionRate: number | null;
}

export const scoreWeights = { price: 0.3, onTime: 0.35, quality: 0.35 } as const;
const DAY_MS = 86_400_000;

export function scoreSupplier(history: readonly DeliveryRecord[]): SupplierScore {
  const priced = history.filter((h) => h.quotedPriceMinor != null && h.unitPriceMinor > 0);
  const dated = history.filter((h) => h.expectedDate != null);
  const received = history.reduce((s, h) => s + h.receivedQty, 0);
  const rejected = history.reduce((s, h) => s + h.rejectedQty, 0);
  const priceVsQuote = priced.length ? priced.reduce((s, h) => s + Math.min(1, h.quotedPriceMinor! / h.unitPriceMinor), 0) / priced.length : null;
  // Delivered on the expected day counts as on time (the expected date is a calendar day, midnight UTC).
  const onTimeRate = dated.length ? dated.filter((h) => h.receivedAt.getTime() < h.expectedDate!.getTime() + DAY_MS).length / dated.length : null;
  const rejectionRate = received > 0 ? rejected / received : null;
  const parts: [number, number][] = [];
  if (priceVsQuote != null) parts.push([scoreWeights.price, priceVsQuote]);
  if (onTimeRate != null) parts.push([scoreWeights.onTime, onTimeRate]);
  if (rejectionRate != null) parts.push([scoreWeights.quality, 1 - rejectionRate]);
  const weight = parts.reduce((s, [w]) => s + w, 0);
  const score = weight > 0 ? Math.round((100 * parts.reduce((s, [w, v]) => s + w * v, 0)) / weight) : null;
  return { score, deliveries: history.length, priceVsQuote: round3(priceVsQuote), onTimeRate: round3(onTimeRate), rejectionRate: round3(rejectionRate) };
}

const round3 = (x: number | null) => (x == null ? null : Math.round(x * 1000) / 1000);

/** Ranks suppliers for a SKU: higher score first (unknown counts as 50), then lower price, then shorter lead time. */
export function rankSuppliers<T extends { score: number | null; unitPriceMinor: number; leadTimeDays: number }>(cands: readonly T[]): T[] {
  return [...cands].sort((a, b) => (b.score ?? 50) - (a.score ?? 50) || a.unitPriceMinor - b.unitPriceMinor || a.leadTimeDays - b.leadTimeDays);
}
