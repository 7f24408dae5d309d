import type { NormalizedAddress } from '../../../connectors/types.js';
import type { AvailabilityMatrix } from '../allocation.js';
import type { TraceEntry } from '../trace.js';
import { coversDestination, describeDestination } from './destination.js';
import { appliesToShop, ofKind, type RuleSet } from './types.js';

export interface WarehouseOpt {
  id: string;
  code: string;
  priority: number;
}

export interface WarehouseMatchInput<W extends WarehouseOpt> {
  warehouses: readonly W[];
  rules: RuleSet;
  shopId: string;
  address?: NormalizedAddress;
  need: ReadonlyMap<string, number>;
  matrix: AvailabilityMatrix;
}

/**
 * Warehouses that may ship the whole order, best first, each with why. The shop's warehouse set (the
 * first `warehouse_set` rule for the shop) limits the choice; a `warehouse` rule limits a warehouse to the
 * destinations it covers and sets its rank (the rule's priority); a warehouse must hold every SKU in the
 * quantity needed. Ranked by priority (lower first), then code.
 */
export function matchWarehouseRules<W extends WarehouseOpt>(input: WarehouseMatchInput<W>): { candidates: { warehouse: W; why: string }[]; trace: TraceEntry[] } {
  const trace: TraceEntry[] = [];
  const sets = ofKind(input.rules, 'warehouse_set').filter((r) => appliesToShop(r, input.shopId));
  const set = sets[0];
  for (const r of ofKind(input.rules, 'warehouse_set')) {
    const outcome = r === set ? 'pass' : 'skip';
    trace.push({ step: 'warehouse', ruleId: r.id, version: r.version, outcome, detail: r === set ? `shop set ${r.params.warehouseCodes.join(', ')}` : sets.includes(r) ? 'a higher-priority set applies' : 'not for this shop' });
  }
  const rulesW = ofKind(input.rules, 'warehouse').filter((r) => appliesToShop(r, input.shopId));
  const coverage = new Map<string, (typeof rulesW)[number]>();
  for (const r of rulesW) if (!coverage.has(r.params.warehouseCode)) coverage.set(r.params.warehouseCode, r);
  const dest = describeDestination(input.address);

  const ok: { warehouse: W; rank: number; why: string }[] = [];
  for (const w of input.warehouses) {
    const rule = coverage.get(w.code);
    const ref = rule ? { ruleId: rule.id, version: rule.version } : { ruleId: 'builtin:priority-full-fill', version: 1 };
    const reject = (detail: string) => trace.push({ step: 'warehouse', ...ref, outcome: 'rejected', detail: `${w.code}: ${detail}` });
    if (set && !set.params.warehouseCodes.includes(w.code)) {
      trace.push({ step: 'warehouse', ruleId: set.id, version: set.version, outcome: 'rejected', detail: `${w.code}: not in the shop's warehouse set` });
      continue;
    }
    if (rule && !coversDestination(rule.params, input.address)) {
      reject(`does not cover ${dest}`);
      continue;
    }
    const short = [...input.need].filter(([sku, qty]) => (input.matrix.get(w.id)?.get(sku) ?? 0) < qty);
    if (short.length > 0) {
      reject(`short of ${short.map(([sku, qty]) => `${sku} (need ${qty}, has ${input.matrix.get(w.id)?.get(sku) ?? 0})`).join(', ')}`);
      continue;
    }
    const rank = rule ? rule.priority : w.priority;
    const why = [
      `${w.code} fills the whole order`,
      rule ? `covers ${dest} and ranks ${rank} (rule ${rule.id} v${rule.version})` : `priority ${rank}`,
      ...(set ? [`in the shop's set (rule ${set.id} v${set.version})`] : []),
    ].join('; ');
    ok.push({ warehouse: w, rank, why });
    trace.push({ step: 'warehouse', ...ref, outcome: 'pass', detail: `${w.code}: fills, rank ${rank}` });
  }
  ok.sort((a, b) => a.rank - b.rank || a.warehouse.code.localeCompare(b.warehouse.code));
  return { candidates: ok.map(({ warehouse, why }) => ({ warehouse, why })), trace };
}
