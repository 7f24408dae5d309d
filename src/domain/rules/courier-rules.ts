import type { NormalizedAddress } from '../../../connectors/types.js';
import type { TraceEntry } from '../trace.js';
import { cents } from './audit-kinds.js';
import { coversDestination, describeDestination } from './destination.js';
import type { RuleParams } from './schemas.js';
import { appliesToShop, ofKind, type RuleDef, type RuleSet } from './types.js';

export interface CourierOpt {
  code: string;
  isDefault: boolean;
}

export interface CourierMatchInput<C extends CourierOpt> {
  couriers: readonly C[];
  rules: RuleSet;
  shopId: string;
  address?: NormalizedAddress;
  warehouseCode: string;
  weightGrams: number;
  total: string;
  cod: boolean;
}

type CourierRule = RuleDef<'courier'>;

/** Why a courier rule cannot take the parcel, or its price (undefined when the rule has no rate table). */
function eligibility(p: RuleParams<'courier'>, i: CourierMatchInput<CourierOpt>): { reason: string } | { price?: number } {
  if (!coversDestination(p, i.address)) return { reason: `does not serve ${describeDestination(i.address)}` };
  if (p.warehouseCodes?.length && !p.warehouseCodes.includes(i.warehouseCode)) return { reason: `does not collect from ${i.warehouseCode}` };
  if (p.minWeightGrams !== undefined && i.weightGrams < p.minWeightGrams) return { reason: `${i.weightGrams} g under ${p.minWeightGrams} g` };
  if (p.maxWeightGrams !== undefined && i.weightGrams > p.maxWeightGrams) return { reason: `${i.weightGrams} g over ${p.maxWeightGrams} g` };
  const total = cents(i.total) ?? 0;
  if (p.minAmount !== undefined && total < cents(p.minAmount)!) return { reason: `amount ${i.total} under ${p.minAmount}` };
  if (p.maxAmount !== undefined && total > cents(p.maxAmount)!) return { reason: `amount ${i.total} over ${p.maxAmount}` };
  if (i.cod && !p.cod) return { reason: 'no cash on delivery' };
  if (!p.rates?.length) return {};
  const band = [...p.rates].sort((a, b) => a.maxGrams - b.maxGrams).find((b) => i.weightGrams <= b.maxGrams);
  return band ? { price: cents(band.price)! } : { reason: `${i.weightGrams} g beyond the rate table` };
}

/**
 * The courier for one parcel. Courier rules for the shop are tried first (fallback rules only when no other
 * rule fits): among those that fit, the cheapest by rate table wins, rules without rates after priced ones,
 * ties by priority. With no fitting rule the seller's default courier is used.
 */
export function chooseCourier<C extends CourierOpt>(i: CourierMatchInput<C>): { courier?: C; why: string; trace: TraceEntry[] } {
  const trace: TraceEntry[] = [];
  const known = new Map(i.couriers.map((c) => [c.code, c]));
  const rules = ofKind(i.rules, 'courier');
  const fits: { rule: CourierRule; price?: number; entry: TraceEntry }[] = [];
  const pick = (fallback: boolean) => {
    for (const rule of rules.filter((r) => Boolean(r.params.fallback) === fallback)) {
      const entry: TraceEntry = { step: 'courier', ruleId: rule.id, version: rule.version, outcome: 'rejected', code: rule.params.courierCode };
      trace.push(entry);
      const e = !appliesToShop(rule, i.shopId) ? { reason: 'not for this shop' } : !known.has(rule.params.courierCode) ? { reason: 'courier not configured' } : eligibility(rule.params, i);
      if ('reason' in e) {
        entry.outcome = e.reason === 'not for this shop' ? 'skip' : 'rejected';
        entry.detail = e.reason;
        continue;
      }
      entry.outcome = 'pass';
      entry.detail = e.price === undefined ? 'fits' : `fits, price ${(e.price / 100).toFixed(2)}`;
      fits.push({ rule, price: e.price, entry });
    }
    fits.sort((a, b) => (a.price ?? Infinity) - (b.price ?? Infinity) || a.rule.priority - b.rule.priority || a.rule.id.localeCompare(b.rule.id));
    return fits[0];
  };
  const best = pick(false) ?? pick(true);
  if (best) {
    best.entry.outcome = 'chosen';
    const price = best.price === undefined ? '' : `, cheapest at ${(best.price / 100).toFixed(2)} of ${fits.length} fitting`;
    const kind = best.rule.params.fallback ? 'fallback rule' : 'rule';
    return { courier: known.get(best.rule.params.courierCode), why: `${kind} ${best.rule.id} v${best.rule.version}: ${i.weightGrams} g to ${describeDestination(i.address)}${price}`, trace };
  }
  const def = i.couriers.find((c) => c.isDefault);
  trace.push({ step: 'courier', ruleId: 'builtin:default-courier', version: 1, outcome: def ? 'chosen' : 'rejected', code: def?.code, detail: def ? undefined : 'no default courier' });
  const why = def ? (rules.length ? 'no courier rule fits: default courier' : 'default courier') : 'no courier rule fits and no default courier';
  return { courier: def, why, trace };
}

/** Whether some courier rule (or, without rules, the default courier) serves the address. */
export function courierCoverage(rules: RuleSet, couriers: readonly CourierOpt[], shopId: string): (a: NormalizedAddress | undefined) => boolean {
  const mine = ofKind(rules, 'courier').filter((r) => appliesToShop(r, shopId));
  if (mine.length === 0) return () => couriers.some((c) => c.isDefault);
  return (a) => mine.some((r) => coversDestination(r.params, a));
}
