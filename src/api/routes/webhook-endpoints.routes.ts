import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { endpointKinds } from '../../db/models/webhook-endpoint.model.js';
import { eventTypes } from '../../domain/webhooks/catalogue.js';
import { catalogueView } from '../../domain/webhooks/openapi.js';
import { AppError } from '../../errors.js';
import { egressCheck } from '../../services/webhooks/egress-check.js';
import { createEndpoint, deleteEndpoint, endpointView, getEndpoint, listEndpoints, rotateSecret, updateEndpoint } from '../../services/webhooks/endpoints.js';
import { listAttempts, replayMessages, sendTest } from '../../services/webhooks/replay.js';
import { webhookSettings } from '../../services/webhooks/settings.js';
import { sellerOf } from '../auth.js';
import { pageOfArray, pageQueryFields } from '../pagination.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const fields = {
  url: z.string().url().max(2048),
  description: z.string().max(500),
  eventTypes: z.array(z.enum(eventTypes as [string, ...string[]])).max(eventTypes.length),
  enabled: z.boolean(),
  rateLimitPerSecond: z.number().int().min(1).max(10_000).nullable(),
  robotSecret: z.string().min(1).max(200).nullable(),
};
const createBody = z.object({ ...fields, kind: z.enum(endpointKinds).default('standard') }).partial({ description: true, eventTypes: true, enabled: true, rateLimitPerSecond: true, robotSecret: true }).strict();
const patchBody = z.object(fields).partial().strict();

export const webhookEndpointRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  const settings = webhookSettings(ctx);
  const egress = egressCheck({ allowPrivate: settings.allowPrivate });
  const tags = ['webhooks'];

  const pageQuery = z.object(pageQueryFields).strict();
  app.get('/v1/webhook-event-types', { schema: { tags, summary: 'The outgoing webhook event catalogue, with payload schemas', querystring: pageQuery } }, async (req) => pageOfArray(catalogueView(), req.query));

  app.post('/v1/webhook-endpoints', { schema: { tags, summary: 'Add an endpoint; its signing secret (whsec_…) is returned once', body: createBody } }, async (req, reply) => {
    if (req.body.robotSecret && req.body.kind !== 'dingtalk') throw new AppError('VALIDATION_FAILED', 'robotSecret is for dingtalk endpoints');
    const { endpoint, secret } = await createEndpoint(ctx, egress, sellerOf(req)._id, req.body);
    return reply.status(201).send({ ...endpointView(endpoint), secret });
  });

  app.get('/v1/webhook-endpoints', { schema: { tags, summary: 'List endpoints', querystring: pageQuery } }, async (req) => pageOfArray((await listEndpoints(ctx, sellerOf(req)._id)).map(endpointView), req.query));

  app.get('/v1/webhook-endpoints/:id', { schema: { tags, params: idParams } }, async (req) => endpointView(await getEndpoint(ctx, sellerOf(req)._id, req.params.id)));

  app.patch('/v1/webhook-endpoints/:id', { schema: { tags, summary: 'Change url, event types, description, rate limit; enable or disable', params: idParams, body: patchBody } }, async (req) =>
    endpointView(await updateEndpoint(ctx, egress, sellerOf(req)._id, req.params.id, req.body)));

  app.delete('/v1/webhook-endpoints/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await deleteEndpoint(ctx, sellerOf(req)._id, req.params.id);
    return reply.status(204).send();
  });

  app.post('/v1/webhook-endpoints/:id/rotate-secret', {
    schema: { tags, summary: 'New signing secret (returned once); the previous one keeps signing for the grace period', params: idParams, body: z.object({ graceSeconds: z.number().int().min(0).max(7 * 86_400).optional() }).strict().nullish() },
  }, async (req) => {
    const r = await rotateSecret(ctx, sellerOf(req)._id, req.params.id, req.body?.graceSeconds ?? settings.secretGraceSeconds);
    return { secret: r.secret, previousSecretExpiresAt: r.previousExpiresAt };
  });

  app.post('/v1/webhook-endpoints/:id/test', { schema: { tags, summary: 'Send a webhook.test event', params: idParams } }, async (req, reply) => {
    const ep = await getEndpoint(ctx, sellerOf(req)._id, req.params.id);
    return reply.status(202).send(await sendTest(ctx, ep));
  });

  app.get('/v1/webhook-endpoints/:id/attempts', {
    schema: { tags, summary: 'Delivery log, newest first', params: idParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), messageId: z.string().max(64).optional(), before: z.iso.datetime({ offset: true }).optional() }) },
  }, async (req) => {
    const ep = await getEndpoint(ctx, sellerOf(req)._id, req.params.id);
    return { items: await listAttempts(ctx, ep, { limit: req.query.limit, messageId: req.query.messageId, before: req.query.before ? new Date(req.query.before) : undefined }) };
  });

  app.post('/v1/webhook-endpoints/:id/replay', {
    schema: { tags, summary: 'Send one message, or every message since a time, again (same webhook-id)', params: idParams, body: z.union([z.object({ messageId: z.string().min(1).max(64) }).strict(), z.object({ since: z.iso.datetime({ offset: true }) }).strict()]) },
  }, async (req, reply) => {
    const ep = await getEndpoint(ctx, sellerOf(req)._id, req.params.id);
    const what = 'messageId' in req.body ? { messageId: req.body.messageId } : { since: new Date(req.body.since) };
    return reply.status(202).send(await replayMessages(ctx, ep, what));
  });
};
