import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { createListing, listingView, listListings, remapListing } from '../../services/listings.service.js';
import { setComponents } from '../../services/sku-components.service.js';
import { sellerOf } from '../auth.js';

const skuCode = z.string().trim().min(1).max(64);
const platformId = z.string().trim().min(1).max(200);

/** Listing ↔ SKU mapping (auto by merchant SKU code on import, manual here) and combo SKU components. */
export const listingRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.get('/v1/listings', {
    schema: {
      tags: ['listings'], summary: 'Shop listings and the SKU each is mapped to (cursor pagination by id)',
      querystring: z.object({ shopId: z.string().optional(), skuCode: z.string().optional(), cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
    },
  }, async (req) => listListings(ctx, sellerOf(req)._id, req.query));

  app.post('/v1/listings', {
    schema: {
      tags: ['listings'], summary: 'Map a platform product the import could not map by SKU code',
      body: z.object({ shopId: z.string().min(1), skuCode, platformSku: platformId.optional(), platformProductId: platformId.optional(), platformVariantId: platformId.optional() }).strict(),
    },
  }, async (req, reply) => reply.status(201).send(listingView(await createListing(ctx, sellerOf(req)._id, req.body))));

  app.put('/v1/listings/:id', {
    schema: { tags: ['listings'], summary: 'Override the SKU a listing is mapped to', params: z.object({ id: z.string().min(1) }), body: z.object({ skuCode }).strict() },
  }, async (req) => listingView(await remapListing(ctx, sellerOf(req)._id, req.params.id, req.body.skuCode)));

  app.put('/v1/skus/:code/components', {
    schema: {
      tags: ['catalog'], summary: 'Make a SKU a combo of components (empty list: a plain SKU again)',
      params: z.object({ code: skuCode }),
      body: z.object({ components: z.array(z.object({ skuCode, quantity: z.number().int().min(1).max(10_000) }).strict()).max(50) }).strict(),
    },
  }, async (req) => {
    const s = await setComponents(ctx, sellerOf(req)._id, req.params.code, req.body.components);
    return { code: s.code, components: s.components ?? [] };
  });
};
