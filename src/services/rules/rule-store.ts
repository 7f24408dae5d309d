import type { Ctx } from '../../context.js';
import { ruleVersionId, type RuleVersionDoc } from '../../db/models/rule-version.model.js';
import type { RuleDoc } from '../../db/models/rule.model.js';
import type { RuleKind } from '../../domain/rules/schemas.js';
import { AppError, isDuplicateKeyError, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { checkReferences, validParams } from './rule-validate.js';

export interface RuleInput {
  kind: RuleKind;
  name: string;
  enabled?: boolean;
  priority?: number;
  shopIds?: string[];
  params?: unknown;
}

export interface RuleChange {
  name?: string;
  enabled?: boolean;
  priority?: number;
  shopIds?: string[];
  params?: unknown;
  /** Optimistic concurrency: refuse when the rule is no longer at this version. */
  expectedVersion?: number;
}

type Head = Omit<RuleDoc, 'createdAt' | 'updatedAt' | 'updatedBy'>;

/** Writes version `head.version` (insert-only, unique by id), then moves the head to it. */
async function writeVersion(ctx: Ctx, head: Head, change: RuleVersionDoc['change'], by: string, createdAt?: Date): Promise<RuleDoc> {
  const at = ctx.now();
  const v: RuleVersionDoc = {
    _id: ruleVersionId(head._id, head.version), ruleId: head._id, sellerId: head.sellerId, version: head.version, kind: head.kind, name: head.name,
    enabled: head.enabled, priority: head.priority, shopIds: head.shopIds, params: head.params, change, at, by,
  };
  try {
    await ctx.models.RuleVersion.collection.insertOne(v as never);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    throw new AppError('RULE_VERSION_CONFLICT', `rule ${head._id} was changed meanwhile: version ${head.version} exists`);
  }
  const doc: RuleDoc = { ...head, createdAt: createdAt ?? at, updatedAt: at, updatedBy: by };
  await ctx.models.Rule.replaceOne({ _id: head._id }, doc, { upsert: true });
  ctx.log.info({ sellerId: head.sellerId, ruleId: head._id, version: head.version, change }, 'rule version written');
  return doc;
}

export async function createRule(ctx: Ctx, sellerId: string, input: RuleInput, by: string): Promise<RuleDoc> {
  const params = validParams(input.kind, input.params);
  const shopIds = input.shopIds ?? [];
  await checkReferences(ctx, sellerId, input.kind, params, shopIds);
  const head: Head = {
    _id: newId('rule', ctx.now()), sellerId, kind: input.kind, name: input.name, version: 1, enabled: input.enabled ?? true, priority: input.priority ?? 100, shopIds, params,
  };
  return writeVersion(ctx, head, 'created', by);
}

/** The seller's rule with its head caught up to the newest written version (a crash may leave the head behind). */
export async function getRule(ctx: Ctx, sellerId: string, id: string): Promise<RuleDoc> {
  let head = await ctx.models.Rule.findById(id).lean<RuleDoc>();
  if (!head || head.sellerId !== sellerId) throw notFound('rule', id);
  for (;;) {
    const next: RuleVersionDoc | null = await ctx.models.RuleVersion.findById(ruleVersionId(id, head.version + 1)).lean<RuleVersionDoc>();
    if (!next) return head;
    head = { ...head, version: next.version, name: next.name, enabled: next.enabled, priority: next.priority, shopIds: next.shopIds, params: next.params, updatedAt: next.at, updatedBy: next.by };
    await ctx.models.Rule.replaceOne({ _id: id }, head);
  }
}

/** Every change makes a new version; the old ones stay readable. Serialized per rule; the unique version id is the safety net. */
export function updateRule(ctx: Ctx, sellerId: string, id: string, change: RuleChange, by: string): Promise<RuleDoc> {
  return ctx.locks.withLock(`rule:${id}`, async () => {
    const cur = await getRule(ctx, sellerId, id);
    if (change.expectedVersion !== undefined && change.expectedVersion !== cur.version) {
      throw new AppError('RULE_VERSION_CONFLICT', `rule ${id} is at version ${cur.version}, not ${change.expectedVersion}`, { version: cur.version });
    }
    const params = change.params === undefined ? cur.params : validParams(cur.kind, change.params);
    const shopIds = change.shopIds ?? cur.shopIds ?? [];
    await checkReferences(ctx, sellerId, cur.kind, params, shopIds);
    const onlyToggle = change.enabled !== undefined && Object.keys(change).every((k) => k === 'enabled' || k === 'expectedVersion');
    const kindOfChange = onlyToggle ? (change.enabled ? 'enabled' : 'disabled') : 'updated';
    const head: Head = {
      _id: id, sellerId, kind: cur.kind, version: cur.version + 1, name: change.name ?? cur.name, enabled: change.enabled ?? cur.enabled,
      priority: change.priority ?? cur.priority, shopIds, params,
    };
    return writeVersion(ctx, head, kindOfChange, by, cur.createdAt);
  }, { ttlMs: 30_000, waitMs: 10_000 });
}

export async function ruleVersions(ctx: Ctx, sellerId: string, id: string): Promise<RuleVersionDoc[]> {
  const head = await getRule(ctx, sellerId, id);
  const ids = Array.from({ length: head.version }, (_, i) => ruleVersionId(id, i + 1));
  const docs = await Promise.all(ids.map((v) => ctx.models.RuleVersion.findById(v).lean<RuleVersionDoc>()));
  return docs.filter((d): d is RuleVersionDoc => d !== null);
}

export async function ruleVersion(ctx: Ctx, sellerId: string, id: string, version: number): Promise<RuleVersionDoc> {
  const v = await ctx.models.RuleVersion.findById(ruleVersionId(id, version)).lean<RuleVersionDoc>();
  if (!v || v.sellerId !== sellerId) throw notFound('rule version', `${id} v${version}`);
  return v;
}
