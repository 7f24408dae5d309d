import type { Ctx } from '../../context.js';
import type { OrderDoc } from '../../db/models/order.model.js';
import type { HubStatus } from '../../domain/order.js';
import { predictOutcome, sameOutcome, type PredictedOutcome } from '../../domain/rules/outcome.js';
import type { RuleKind } from '../../domain/rules/schemas.js';
import { activeRuleSet, type RuleDef, type RuleSet } from '../../domain/rules/types.js';
import { AppError } from '../../errors.js';
import { acknowledgedHolds } from '../pipeline/audit-step.js';
import { loadBatch, type PipelineBatch } from '../pipeline/batch.js';
import { loadTwins, type Twin } from './fingerprints.js';
import { duplicateWindowMs } from './rule-set.js';
import { toRuleDef } from './rule-view.js';
import { validParams } from './rule-validate.js';

export interface ProposedRule {
  id?: string;
  kind: RuleKind;
  name?: string;
  enabled?: boolean;
  priority?: number;
  shopIds?: string[];
  params?: unknown;
}

export interface DryRunInput {
  /** A proposed rule set; absent: the current rules are compared with each order's recorded outcome. */
  proposed?: { rules: ProposedRule[]; replace?: boolean; removeIds?: string[] };
  filter: { shopId?: string; from?: Date; to?: Date; statuses?: HubStatus[]; limit: number };
}

export interface DryRunChange {
  orderId: string;
  platformOrderId: string;
  shopId: string;
  hubStatus: HubStatus;
  before: PredictedOutcome;
  after: PredictedOutcome;
}

/** The proposal as a rule set: replaces the current rules, or overlays them (same id replaces, new ids add, removeIds drop). */
function proposedSet(current: readonly RuleDef[], p: NonNullable<DryRunInput['proposed']>): RuleSet {
  const proposed = p.rules.map((r, i): RuleDef => {
    const base = r.id ? current.find((c) => c.id === r.id) : undefined;
    if (r.id && base && base.kind !== r.kind) throw new AppError('INVALID_RULE', `rules[${i}]: rule ${r.id} is a ${base.kind} rule, not ${r.kind}`);
    const params = validParams(r.kind, r.params ?? base?.params);
    return {
      id: r.id ?? `proposed:${i}`, version: base ? base.version + 1 : 1, kind: r.kind, name: r.name ?? base?.name ?? r.kind,
      enabled: r.enabled ?? base?.enabled ?? true, priority: r.priority ?? base?.priority ?? 100, shopIds: r.shopIds ?? base?.shopIds ?? [], params,
    } as RuleDef;
  });
  if (p.replace) return activeRuleSet(proposed);
  const replaced = new Set([...proposed.map((r) => r.id), ...(p.removeIds ?? [])]);
  return activeRuleSet([...current.filter((c) => !replaced.has(c.id)), ...proposed]);
}

/** What an order's last run decided, as recorded on it. */
function recorded(o: OrderDoc, batch: PipelineBatch): PredictedOutcome {
  if (o.hubStatus === 'on_hold' || o.hubStatus === 'pending') return { holds: o.holds.map((h) => h.code) };
  return { holds: [], warehouse: batch.warehouses.find((w) => w.id === o.warehouseId)?.code, courier: o.courierCode };
}

/**
 * 规则试算: evaluates a rule set over past orders and reports those whose outcome would change (hold codes,
 * warehouse or courier). Reads only: no order, stock or fingerprint is written.
 */
export async function dryRun(ctx: Ctx, sellerId: string, input: DryRunInput) {
  const { filter } = input;
  const q: Record<string, unknown> = { sellerId };
  if (filter.shopId) q.shopId = filter.shopId;
  if (filter.statuses?.length) q.hubStatus = { $in: filter.statuses };
  if (filter.from || filter.to) q.platformCreatedAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
  const [batch, orders, allRules] = await Promise.all([
    loadBatch(ctx, sellerId),
    ctx.models.Order.find(q).sort({ platformCreatedAt: -1, _id: 1 }).limit(filter.limit).lean<OrderDoc[]>(),
    ctx.models.Rule.find({ sellerId }).lean(),
  ]);
  const current = activeRuleSet(allRules.map(toRuleDef));
  const after = input.proposed ? proposedSet(allRules.map(toRuleDef), input.proposed) : current;

  const mapped = orders.map((o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, skuCode: l.skuCode ?? batch.resolve(l) })) }));
  const skus = [...new Set(mapped.flatMap((o) => o.lines.flatMap((l) => (l.skuCode ? [l.skuCode, ...(batch.catalog?.get(l.skuCode)?.components ?? []).map((c) => c.skuCode)] : []))))];
  const windowMs = Math.max(duplicateWindowMs(current) ?? 0, duplicateWindowMs(after) ?? 0);
  const [levels, twins] = await Promise.all([
    skus.length ? ctx.models.StockLevel.find({ sellerId, skuCode: { $in: skus } }, { warehouseId: 1, skuCode: 1, available: 1 }).lean() : [],
    windowMs > 0 ? loadTwins(ctx, sellerId, mapped, { record: false, windowMs }) : new Map<string, Twin>(),
  ]);
  const matrix = new Map<string, Map<string, number>>();
  for (const l of levels) matrix.set(l.warehouseId, (matrix.get(l.warehouseId) ?? new Map<string, number>()).set(l.skuCode, l.available));

  const changed: DryRunChange[] = [];
  for (const o of mapped) {
    const ev = {
      now: batch.now, catalog: batch.catalog ?? new Map(), acknowledged: acknowledgedHolds(o), twin: windowMs > 0 ? (twins.get(o._id) ?? null) : undefined,
      warehouses: batch.warehouses, couriers: batch.couriers, matrix,
      order: {
        id: o._id, shopId: o.shopId, platformState: o.platformState, platformCreatedAt: new Date(o.platformCreatedAt), currency: o.currency, total: o.amounts.total,
        buyer: o.buyer ?? {}, address: o.address, remarks: o.remarks, flags: o.flags, lines: o.lines,
      },
    };
    const before = input.proposed ? predictOutcome(ev, current) : recorded(o, batch);
    const next = predictOutcome(ev, after);
    if (!sameOutcome(before, next)) changed.push({ orderId: o._id, platformOrderId: o.platformOrderId, shopId: o.shopId, hubStatus: o.hubStatus, before, after: next });
  }
  ctx.log.info({ sellerId, evaluated: orders.length, changed: changed.length, proposed: Boolean(input.proposed) }, 'rules dry run');
  return {
    evaluated: orders.length,
    changed,
    compared: input.proposed ? 'current rules → proposed rules' : 'recorded outcome → current rules',
    ruleSet: after.rules.map((r) => ({ id: r.id, version: r.version, kind: r.kind, priority: r.priority })),
  };
}
