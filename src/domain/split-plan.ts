import type { AvailabilityMatrix, WarehouseOption } from './allocation.js';

/**
 * 拆单 planning (pure): divides an order's open quantities into parcels — presale lines apart from in-stock
 * ones, in-stock lines over the fewest warehouses that together fill them, and every parcel within the
 * seller's maximum parcel weight. The parcels always cover exactly the order's open quantities.
 */

export interface SplitSettings {
  byWarehouse: boolean;
  byPresale: boolean;
  /** grams; null/undefined = no limit */
  maxParcelWeight?: number | null;
  /** Ship what the warehouses hold now and keep the rest as a backorder parcel (partial shipment). */
  allowPartial?: boolean;
}

export interface SplitLine {
  lineId: string;
  skuCode?: string;
  /** Open quantity (ordered − refunded). */
  quantity: number;
  /** grams per unit; 0 when unknown */
  unitWeight: number;
  presale: boolean;
}

export interface ParcelLine {
  lineId: string;
  quantity: number;
}

export interface Parcel {
  /** The warehouse the availability plan found for it (a hint: the child goes through matching again). */
  warehouseId?: string;
  presale: boolean;
  lines: ParcelLine[];
  why: string;
}

export type SplitPlan = { kind: 'none'; reason: string } | { kind: 'split'; parcels: Parcel[] };

/** Most warehouses tried exhaustively for the fewest-parcel cover; beyond that a greedy cover is used. */
const EXACT_LIMIT = 12;

const sortWh = (a: WarehouseOption, b: WarehouseOption) => a.priority - b.priority || a.code.localeCompare(b.code);

function skuNeed(lines: readonly SplitLine[]): Map<string, number> {
  const need = new Map<string, number>();
  for (const l of lines) if (l.skuCode) need.set(l.skuCode, (need.get(l.skuCode) ?? 0) + l.quantity);
  return need;
}

const covers = (set: readonly WarehouseOption[], need: ReadonlyMap<string, number>, m: AvailabilityMatrix) =>
  [...need].every(([sku, q]) => set.reduce((s, w) => s + Math.max(0, m.get(w.id)?.get(sku) ?? 0), 0) >= q);

function* subsets<T>(items: readonly T[], k: number, start = 0): Generator<T[]> {
  if (k === 0) { yield []; return; }
  for (let i = start; i <= items.length - k; i++) for (const rest of subsets(items, k - 1, i + 1)) yield [items[i]!, ...rest];
}

/** The fewest warehouses that together hold every SKU's quantity (priority order breaks ties), or null. */
export function fewestWarehouses(need: ReadonlyMap<string, number>, warehouses: readonly WarehouseOption[], m: AvailabilityMatrix): WarehouseOption[] | null {
  const ws = [...warehouses].sort(sortWh);
  if (need.size === 0 || !covers(ws, need, m)) return null;
  if (ws.length <= EXACT_LIMIT) {
    for (let k = 1; k <= ws.length; k++) for (const set of subsets(ws, k)) if (covers(set, need, m)) return set;
  }
  // Greedy: the warehouse covering most of what is left, until everything is covered.
  const left = new Map(need);
  const chosen: WarehouseOption[] = [];
  while ([...left.values()].some((q) => q > 0)) {
    const gain = (w: WarehouseOption) => [...left].reduce((s, [sku, q]) => s + Math.min(q, Math.max(0, m.get(w.id)?.get(sku) ?? 0)), 0);
    const best = ws.filter((w) => !chosen.includes(w)).sort((a, b) => gain(b) - gain(a) || sortWh(a, b))[0];
    if (!best || gain(best) === 0) return null;
    chosen.push(best);
    for (const [sku, q] of left) left.set(sku, q - Math.min(q, Math.max(0, m.get(best.id)?.get(sku) ?? 0)));
  }
  return chosen;
}

/** Assigns each line's units to the chosen warehouses in order (a line may span two warehouses). */
function assign(lines: readonly SplitLine[], set: readonly WarehouseOption[], m: AvailabilityMatrix): Parcel[] {
  const left = new Map(set.map((w) => [w.id, new Map(m.get(w.id) ?? [])]));
  const parcels = new Map<string, ParcelLine[]>(set.map((w) => [w.id, []]));
  for (const l of lines) {
    let q = l.quantity;
    for (const w of set) {
      if (q === 0) break;
      const avail = l.skuCode ? Math.max(0, left.get(w.id)!.get(l.skuCode) ?? 0) : 0;
      const take = Math.min(q, avail);
      if (take === 0) continue;
      left.get(w.id)!.set(l.skuCode!, avail - take);
      parcels.get(w.id)!.push({ lineId: l.lineId, quantity: take });
      q -= take;
    }
  }
  return set.filter((w) => parcels.get(w.id)!.length > 0)
    .map((w) => ({ warehouseId: w.id, presale: false, lines: parcels.get(w.id)!, why: `stock in ${w.code}` }));
}

/** First-fit decreasing by unit weight: divides a parcel into parcels no heavier than `max` (a unit heavier than `max` travels alone). */
export function byWeight(p: Parcel, lines: ReadonlyMap<string, SplitLine>, max: number): Parcel[] {
  const weightOf = (id: string) => lines.get(id)?.unitWeight ?? 0;
  const total = p.lines.reduce((s, l) => s + weightOf(l.lineId) * l.quantity, 0);
  if (total <= max) return [p];
  const bins: { weight: number; lines: Map<string, number> }[] = [];
  const order = [...p.lines].sort((a, b) => weightOf(b.lineId) - weightOf(a.lineId) || a.lineId.localeCompare(b.lineId));
  for (const l of order) {
    const w = weightOf(l.lineId);
    for (let u = 0; u < l.quantity; u++) {
      let bin = bins.find((b) => b.weight + w <= max);
      if (!bin) bins.push((bin = { weight: 0, lines: new Map() }));
      bin.weight += w;
      bin.lines.set(l.lineId, (bin.lines.get(l.lineId) ?? 0) + 1);
    }
  }
  return bins.map((b) => ({ ...p, lines: [...b.lines].map(([lineId, quantity]) => ({ lineId, quantity })), why: `${p.why}; ≤ ${max} g per parcel (${b.weight} g)` }));
}

/** What the warehouses hold now (fewest warehouses), and the rest as one backorder parcel. */
function partial(lines: readonly SplitLine[], warehouses: readonly WarehouseOption[], m: AvailabilityMatrix): Parcel[] {
  const total = (sku: string) => warehouses.reduce((s, w) => s + Math.max(0, m.get(w.id)?.get(sku) ?? 0), 0);
  const reachable = new Map([...skuNeed(lines)].map(([sku, q]) => [sku, Math.min(q, total(sku))]).filter(([, q]) => (q as number) > 0) as [string, number][]);
  const set = fewestWarehouses(reachable, warehouses, m) ?? [];
  const now = assign(lines, set, m);
  const taken = coveredQuantities(now);
  const rest = lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity - (taken.get(l.lineId) ?? 0) })).filter((l) => l.quantity > 0);
  return rest.length > 0 ? [...now, { presale: false, lines: rest, why: 'backorder: not in stock in any warehouse now' }] : now;
}

/** Plans the parcels of an order that no single warehouse fills (or that is too heavy for one parcel). */
export function planSplit(lines: readonly SplitLine[], warehouses: readonly WarehouseOption[], m: AvailabilityMatrix, s: SplitSettings): SplitPlan {
  const open = lines.filter((l) => l.quantity > 0);
  if (open.length === 0) return { kind: 'none', reason: 'no open quantity' };
  const presale = s.byPresale ? open.filter((l) => l.presale) : [];
  const inStock = open.filter((l) => !presale.includes(l));
  const parcels: Parcel[] = [];
  if (presale.length > 0) parcels.push({ presale: true, lines: presale.map((l) => ({ lineId: l.lineId, quantity: l.quantity })), why: 'presale lines ship when they arrive' });
  if (inStock.length > 0) {
    const set = s.byWarehouse ? fewestWarehouses(skuNeed(inStock), warehouses, m) : null;
    const unmapped = inStock.some((l) => !l.skuCode);
    if (set && !unmapped) parcels.push(...assign(inStock, set, m));
    else if (s.allowPartial && s.byWarehouse) parcels.push(...partial(inStock, warehouses, m));
    else parcels.push({ presale: false, lines: inStock.map((l) => ({ lineId: l.lineId, quantity: l.quantity })), why: 'no set of warehouses fills these lines' });
  }
  const byId = new Map(open.map((l) => [l.lineId, l]));
  const max = s.maxParcelWeight;
  const final = max && max > 0 ? parcels.flatMap((p) => byWeight(p, byId, max)) : parcels;
  if (final.length < 2) return { kind: 'none', reason: parcels[0]?.why ?? 'one parcel' };
  return { kind: 'split', parcels: final };
}

/** Sum of quantities per line over parcels (for checks and tests). */
export function coveredQuantities(parcels: readonly Parcel[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of parcels) for (const l of p.lines) out.set(l.lineId, (out.get(l.lineId) ?? 0) + l.quantity);
  return out;
}
