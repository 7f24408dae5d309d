import type { OrderLine } from '../../src/domain/order.js';
import { parseRuleParams, type RuleKind } from '../../src/domain/rules/schemas.js';
import { activeRuleSet, type RuleDef, type RuleSet } from '../../src/domain/rules/types.js';

let n = 0;
/** A rule as stored: params go through the same schema as the API. */
export function rule<K extends RuleKind>(kind: K, params: unknown, over: Partial<Omit<RuleDef, 'kind' | 'params'>> = {}): RuleDef {
  n++;
  return { id: `r${n}`, version: 1, kind, name: `${kind} ${n}`, enabled: true, priority: 100, ...over, params: parseRuleParams(kind, params) } as RuleDef;
}

export const set = (...rules: RuleDef[]): RuleSet => activeRuleSet(rules);

export const line = (over: Partial<OrderLine> = {}): OrderLine => ({ lineId: 'L1', platformSku: 'A', skuCode: 'A', quantity: 1, unitPrice: '10.00', refundedQuantity: 0, ...over });

export const address = { name: 'Ann Buyer', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', phone: '+1 555 0100' };
