import type { RuleKind, RuleParams } from './schemas.js';

/** One stored rule at one version, as the pipeline evaluates it. Lower priority numbers are evaluated (and preferred) first. */
export interface RuleDef<K extends RuleKind = RuleKind> {
  id: string;
  version: number;
  kind: K;
  name: string;
  enabled: boolean;
  priority: number;
  /** Applies only to orders of these shops; absent or empty means every shop of the seller. */
  shopIds?: string[];
  params: RuleParams<K>;
}

/** A seller's rules, enabled ones only, sorted by priority then id. */
export interface RuleSet {
  rules: RuleDef[];
}

export const ofKind = <K extends RuleKind>(set: RuleSet, kind: K): RuleDef<K>[] =>
  set.rules.filter((r): r is RuleDef<K> => r.kind === kind);

export const appliesToShop = (r: RuleDef, shopId: string): boolean => !r.shopIds || r.shopIds.length === 0 || r.shopIds.includes(shopId);

/** Enabled rules in evaluation order. */
export function activeRuleSet(rules: readonly RuleDef[]): RuleSet {
  return { rules: rules.filter((r) => r.enabled).sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id)) };
}
