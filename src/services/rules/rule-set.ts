import type { Ctx } from '../../context.js';
import type { RuleDoc } from '../../db/models/rule.model.js';
import { activeRuleSet, ofKind, type RuleSet } from '../../domain/rules/types.js';
import { toRuleDef } from './rule-view.js';

/** The seller's enabled rules, in evaluation order: one query per pipeline batch. */
export async function loadRuleSet(ctx: Ctx, sellerId: string): Promise<RuleSet> {
  const docs = await ctx.models.Rule.find({ sellerId }).lean<RuleDoc[]>();
  return activeRuleSet(docs.map(toRuleDef));
}

/** The widest duplicate window of the set in ms, or undefined when no duplicate rule is enabled. */
export function duplicateWindowMs(set: RuleSet): number | undefined {
  const windows = ofKind(set, 'duplicate').map((r) => r.params.windowMinutes * 60_000);
  return windows.length ? Math.max(...windows) : undefined;
}
