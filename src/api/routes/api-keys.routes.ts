import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { apiKeyView, createApiKey, deleteApiKey, listApiKeys } from '../../services/api-keys.service.js';
import { sellerOf } from '../auth.js';
import { pageOfArray, pageQueryFields } from '../pagination.js';

const keyView = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(), current: z.boolean() });

/** A seller's API keys: several at once, so a key is rotated by creating the new one, then deleting the old. */
export const apiKeyRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.post('/v1/api-keys', {
    schema: {
      tags: ['api-keys'],
      summary: 'Create an API key; the key is returned this once (only its hash is stored)',
      body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
      response: { 201: keyView.extend({ apiKey: z.string() }) },
    },
  }, async (req, reply) => {
    const { key, apiKey } = await createApiKey(ctx, sellerOf(req)._id, req.body.name);
    return reply.status(201).send({ ...apiKeyView(key, req.apiKeyId ?? undefined), apiKey });
  });

  app.get('/v1/api-keys', {
    schema: { tags: ['api-keys'], summary: 'List API keys (never the keys themselves)', querystring: z.object(pageQueryFields).strict(), response: { 200: z.object({ items: z.array(keyView), nextCursor: z.string().nullable() }) } },
  }, async (req) => pageOfArray((await listApiKeys(ctx, sellerOf(req)._id)).map((k) => apiKeyView(k, req.apiKeyId ?? undefined)), req.query));

  app.delete('/v1/api-keys/:id', {
    schema: { tags: ['api-keys'], summary: 'Revoke an API key at once (the last key cannot be deleted)', params: z.object({ id: z.string().min(1).max(100) }) },
  }, async (req, reply) => {
    await deleteApiKey(ctx, sellerOf(req)._id, req.params.id);
    return reply.status(204).send();
  });
};
