import type { onRequestAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { createSeller } from '../../services/sellers.service.js';

/** `adminAuth` runs onRequest (before the body is validated): the admin token check with its lock-out. */
export const sellerRoutes = (ctx: Ctx, adminAuth: onRequestAsyncHookHandler): FastifyPluginAsyncZod => async (app) => {
  app.post('/v1/sellers', {
    onRequest: adminAuth,
    schema: {
      tags: ['sellers'],
      summary: 'Create a seller (admin); the API key is returned once',
      body: z.object({ name: z.string().trim().min(1).max(200) }).strict(),
      response: { 201: z.object({ id: z.string(), name: z.string(), apiKey: z.string(), createdAt: z.date() }) },
    },
  }, async (req, reply) => {
    const { seller, apiKey } = await createSeller(ctx, req.body.name);
    return reply.status(201).send({ id: seller._id, name: seller.name, apiKey, createdAt: seller.createdAt });
  });
};
