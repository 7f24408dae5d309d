import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { ownsParam } from '../ownership.js';
import { hubStatuses } from '../../domain/order.js';
import { ruleKinds } from '../../domain/rules/schemas.js';
import { dryRun } from '../../services/rules/dry-run.js';
import { createRule, getRule, ruleVersion, ruleVersions, updateRule } from '../../services/rules/rule-store.js';
import { ruleView, versionView } from '../../services/rules/rule-view.js';
import { keyset, pageQueryFields } from '../pagination.js';
import { who } from './inventory-shared.routes.js';

const rulePages = keyset(['priority', '_id']);

const kind = z.enum(ruleKinds as [string, ...string[]]).transform((k) => k as (typeof ruleKinds)[number]);
const name = z.string().trim().min(1).max(200);
const priority = z.number().int().min(0).max(1_000_000);
const shopIds = z.array(z.string().min(1).max(100)).max(200);
/** Params are checked per kind by the service (INVALID_RULE, 422). */
const params = z.record(z.string(), z.unknown());
const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['rules'];

export const ruleRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  /** Ownership before the service takes the document's lock. */
  const owns = ownsParam(ctx, 'rule');
  app.get('/v1/rules', {
    schema: { tags, summary: 'The seller\'s pipeline rules (audit, warehouse, courier), by priority', querystring: z.object({ kind: kind.optional(), enabled: z.enum(['true', 'false']).optional(), ...pageQueryFields }).strict() },
  }, async (req) => {
    const q: Record<string, unknown> = { sellerId: who(req).sellerId, ...rulePages.after(req.query.cursor) };
    if (req.query.kind) q.kind = req.query.kind;
    if (req.query.enabled) q.enabled = req.query.enabled === 'true';
    const docs = await ctx.models.Rule.find(q).sort(rulePages.sort).limit(req.query.limit + 1).lean();
    return rulePages.page(docs, req.query.limit, ruleView);
  });

  app.post('/v1/rules', {
    schema: { tags, summary: 'Create a rule (version 1)', body: z.object({ kind, name, enabled: z.boolean().optional(), priority: priority.optional(), shopIds: shopIds.optional(), params: params.default({}) }).strict() },
  }, async (req, reply) => {
    const { sellerId, by } = who(req);
    return reply.status(201).send(ruleView(await createRule(ctx, sellerId, req.body, by)));
  });

  app.get('/v1/rules/:id', { schema: { tags, summary: 'A rule with every version', params: idParams } }, async (req) => {
    const { sellerId } = who(req);
    const head = await getRule(ctx, sellerId, req.params.id);
    return { ...ruleView(head), versions: (await ruleVersions(ctx, sellerId, req.params.id)).map(versionView) };
  });

  app.get('/v1/rules/:id/versions/:version', {
    schema: { tags, summary: 'One version of a rule', params: idParams.extend({ version: z.coerce.number().int().min(1) }) },
  }, async (req) => versionView(await ruleVersion(ctx, who(req).sellerId, req.params.id, req.params.version)));

  app.patch('/v1/rules/:id', { preHandler: owns,
    schema: {
      tags, summary: 'Change a rule: makes a new version (the old one stays readable)', params: idParams,
      body: z.object({ name: name.optional(), enabled: z.boolean().optional(), priority: priority.optional(), shopIds: shopIds.optional(), params: params.optional(), expectedVersion: z.number().int().min(1).optional() })
        .strict().refine((b) => Object.keys(b).some((k) => k !== 'expectedVersion'), 'nothing to change'),
    },
  }, async (req) => {
    const { sellerId, by } = who(req);
    return ruleView(await updateRule(ctx, sellerId, req.params.id, req.body, by));
  });

  for (const action of ['enable', 'disable'] as const) {
    app.post(`/v1/rules/:id/${action}`, { preHandler: owns, schema: { tags, summary: `${action} a rule (a new version)`, params: idParams } }, async (req) => {
      const { sellerId, by } = who(req);
      return ruleView(await updateRule(ctx, sellerId, req.params.id, { enabled: action === 'enable' }, by));
    });
  }

  app.post('/v1/rules/dry-run', {
    schema: {
      tags, summary: 'Evaluate the current or a proposed rule set over past orders; report the orders whose outcome would change. Writes nothing.',
      body: z.object({
        proposed: z.object({
          rules: z.array(z.object({ id: z.string().min(1).max(100).optional(), kind, name: name.optional(), enabled: z.boolean().optional(), priority: priority.optional(), shopIds: shopIds.optional(), params: params.optional() }).strict()).max(500),
          replace: z.boolean().default(false),
          removeIds: z.array(z.string().min(1).max(100)).max(500).optional(),
        }).strict().optional(),
        filter: z.object({
          shopId: z.string().min(1).max(100).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          statuses: z.array(z.enum(hubStatuses)).max(hubStatuses.length).optional(),
          limit: z.number().int().min(1).max(1000).default(200),
        }).strict().default({ limit: 200 }),
      }).strict(),
    },
  }, async (req) => dryRun(ctx, who(req).sellerId, req.body));
};
