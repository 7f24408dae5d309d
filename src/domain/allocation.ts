export interface WarehouseOption {
  id: string;
  code: string;
  priority: number;
}

/** available[warehouseId][skuCode] */
export type AvailabilityMatrix = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Picks the warehouse that can fill the whole order: highest priority (lowest number) first, then code.
 * Returns the ordered list of candidates so a caller that loses a race can try the next one.
 */
export function rankWarehouses(
  need: ReadonlyMap<string, number>,
  warehouses: readonly WarehouseOption[],
  available: AvailabilityMatrix,
): WarehouseOption[] {
  return [...warehouses]
    .filter((w) => [...need].every(([sku, qty]) => (available.get(w.id)?.get(sku) ?? 0) >= qty))
    .sort((a, b) => a.priority - b.priority || a.code.localeCompare(b.code));
}
