import type { Ctx } from '../../context.js';
import { createRule, type RuleInput } from './rule-store.js';

/**
 * A representative rule set (every audit kind that a normal paid order passes, plus warehouse coverage and
 * priced courier rules with a fallback), for benchmarks and demos: the pipeline then evaluates real rules
 * on every order. `warehouseCodes` and `courierCodes` must exist for the seller.
 */
export function sampleRules(warehouseCodes: readonly string[], courierCodes: readonly string[]): RuleInput[] {
  const [first, second] = [courierCodes[0], courierCodes[1] ?? courierCodes[0]];
  return [
    { kind: 'address_valid', name: 'Address has a city', priority: 1, params: { requiredParts: ['city'] } },
    { kind: 'blacklist', name: 'Known fraud', priority: 2, params: { emails: ['fraud@example.com'], phones: ['0000000000'], addressKeywords: ['po box 0'] } },
    { kind: 'risk_flags', name: 'Platform risk', priority: 3, params: {} },
    { kind: 'amount_over', name: 'Large orders', priority: 4, params: { threshold: '100000.00' } },
    { kind: 'cod', name: 'Large COD', priority: 5, params: { maxAmount: '500.00' } },
    { kind: 'duplicate', name: 'Same buyer, same lines, 10 min', priority: 6, params: { windowMinutes: 10 } },
    ...warehouseCodes.map((code, i): RuleInput => ({ kind: 'warehouse', name: `${code} coverage`, priority: 10 + i, params: { warehouseCode: code } })),
    ...(first ? [
      { kind: 'courier', name: `${first} light`, priority: 20, params: { courierCode: first, rates: [{ maxGrams: 1000, price: '6.00' }, { maxGrams: 5000, price: '9.00' }] } },
      { kind: 'courier', name: `${second} fallback`, priority: 30, params: { courierCode: second!, fallback: true, cod: true } },
    ] as RuleInput[] : []),
  ];
}

export async function seedSampleRules(ctx: Ctx, sellerId: string, warehouseCodes: readonly string[], courierCodes: readonly string[]): Promise<void> {
  for (const r of sampleRules(warehouseCodes, courierCodes)) await createRule(ctx, sellerId, r, 'seed');
}
