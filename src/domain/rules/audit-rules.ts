import { audit } from '../audit.js';
import { holdReasons, type Hold, type HoldReasonCode, type OrderLine } from '../order.js';
import type { TraceEntry } from '../trace.js';
import { acknowledgeableKinds, autoClearingKinds, evaluators, kindCodes, type AuditEnv, type AuditSubject, type KindOutcome } from './audit-kinds.js';
import { expandCombos, type SkuCatalog } from './combo.js';
import { auditKinds, type AuditKind } from './schemas.js';
import { appliesToShop, type RuleDef, type RuleSet } from './types.js';

export interface AuditRulesInput extends AuditEnv {
  /** The order with its lines mapped to SKUs (combos not yet expanded). */
  order: Omit<AuditSubject, 'lines'> & { lines: readonly OrderLine[] };
  rules: RuleSet;
  catalog: SkuCatalog;
  /** Hold codes customer service released this order from: rules of acknowledgeable kinds pass on them. */
  acknowledged: ReadonlySet<string>;
}

export interface AuditRulesResult {
  holds: Hold[];
  trace: TraceEntry[];
  /** Set when every hold clears by itself: the earliest time the order should run again. */
  recheckAt?: Date;
  /** Lines with combo SKUs expanded into components (only when some line was a combo). */
  lines?: OrderLine[];
}

const baseCodes = ['NOT_PAID', 'ADDRESS_INCOMPLETE', 'NO_LINES', 'UNKNOWN_SKU'] as const;
const msg = (code: HoldReasonCode, detail?: string) => (detail ? `${holdReasons[code]}: ${detail}` : holdReasons[code]);

/**
 * 审单 over a seller's rules. The built-in checks (paid, address complete, lines left to ship, every line and
 * combo component a known SKU) always run; the seller's enabled audit rules follow in priority order. Every
 * failing rule is reported so customer service sees all that is wrong at once; one hold per reason code.
 */
export function evaluateAudit(input: AuditRulesInput): AuditRulesResult {
  const combo = expandCombos(input.order.lines, input.catalog);
  const order: AuditSubject = { ...input.order, lines: combo.lines };
  const trace: TraceEntry[] = [];
  const holds = new Map<HoldReasonCode, Hold>();
  const recheck: Date[] = [];
  let manual = false;

  const base = audit({ platformState: order.platformState, address: order.address, lines: combo.lines });
  for (const code of baseCodes) {
    const h = base.find((b) => b.code === code);
    trace.push({ step: 'audit', ruleId: `builtin:${code}`, version: 1, outcome: h ? 'hold' : 'pass', code, detail: h?.message });
    if (h) {
      holds.set(code, h);
      manual = true;
    }
  }
  if (combo.expanded) trace.push({ step: 'audit', ruleId: 'builtin:COMBO', version: 1, outcome: 'info', detail: 'combo SKUs expanded into components' });

  for (const rule of input.rules.rules) {
    if (!(auditKinds as readonly string[]).includes(rule.kind)) continue;
    const kind = rule.kind as AuditKind;
    const code = kindCodes[kind];
    const r = evaluateOne(rule as RuleDef<AuditKind>, order, input);
    trace.push({ step: 'audit', ruleId: rule.id, version: rule.version, outcome: r.outcome, code, detail: r.detail });
    if (r.outcome !== 'hold') continue;
    if (!holds.has(code)) holds.set(code, { code, message: msg(code, r.detail) });
    if (autoClearingKinds.has(kind) && r.recheckAt) recheck.push(r.recheckAt);
    else manual = true;
  }
  const recheckAt = !manual && recheck.length > 0 ? new Date(Math.min(...recheck.map((d) => d.getTime()))) : undefined;
  return { holds: [...holds.values()], trace, ...(recheckAt ? { recheckAt } : {}), ...(combo.expanded ? { lines: combo.lines } : {}) };
}

function evaluateOne(rule: RuleDef<AuditKind>, order: AuditSubject, input: AuditRulesInput): KindOutcome {
  if (!appliesToShop(rule, order.shopId)) return { outcome: 'skip', detail: 'not for this shop' };
  const evaluate = evaluators[rule.kind] as (p: unknown, o: AuditSubject, env: AuditEnv) => KindOutcome;
  const r = evaluate(rule.params, order, input);
  if (r.outcome === 'hold' && acknowledgeableKinds.has(rule.kind) && input.acknowledged.has(kindCodes[rule.kind])) {
    return { outcome: 'pass', detail: `released by customer service (${r.detail ?? kindCodes[rule.kind]})` };
  }
  return r;
}
