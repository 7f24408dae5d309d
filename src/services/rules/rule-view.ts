import type { RuleVersionDoc } from '../../db/models/rule-version.model.js';
import type { RuleDoc } from '../../db/models/rule.model.js';
import { parseRuleParams } from '../../domain/rules/schemas.js';
import type { RuleDef } from '../../domain/rules/types.js';

/** A stored rule (head or any version) as the evaluator takes it; params are re-parsed so dates are Dates. */
export function toRuleDef(d: RuleDoc | RuleVersionDoc): RuleDef {
  const id = 'ruleId' in d ? d.ruleId : d._id;
  return { id, version: d.version, kind: d.kind, name: d.name, enabled: d.enabled, priority: d.priority, shopIds: d.shopIds ?? [], params: parseRuleParams(d.kind, d.params) };
}

export const ruleView = (d: RuleDoc) => ({
  id: d._id, kind: d.kind, name: d.name, version: d.version, enabled: d.enabled, priority: d.priority, shopIds: d.shopIds ?? [],
  params: d.params, createdAt: d.createdAt, updatedAt: d.updatedAt, updatedBy: d.updatedBy,
});

export const versionView = (v: RuleVersionDoc) => ({
  version: v.version, change: v.change, name: v.name, enabled: v.enabled, priority: v.priority, shopIds: v.shopIds ?? [], params: v.params, at: v.at, by: v.by,
});
