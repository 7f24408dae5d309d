import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { safeEqual } from '../crypto.js';
import type { SellerDoc } from '../db/models/seller.model.js';
import { AppError } from '../errors.js';
import { authenticateApiKey } from '../services/api-keys.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    seller: SellerDoc | null;
    /** The API key record this request authenticated with. */
    apiKeyId: string | null;
  }
}

export function requireAdmin(adminToken: string) {
  return async (req: FastifyRequest) => {
    const given = req.headers['x-admin-token'];
    if (typeof given !== 'string' || !safeEqual(given, adminToken)) {
      throw new AppError('UNAUTHENTICATED', 'X-Admin-Token is missing or wrong');
    }
  };
}

/** Resolves `Authorization: Bearer <apiKey>` to a seller; every /v1 query is then scoped to that seller. */
export function requireSeller(ctx: Ctx) {
  return async (req: FastifyRequest) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new AppError('UNAUTHENTICATED', 'Authorization: Bearer <api key> is required');
    const found = await authenticateApiKey(ctx, m[1]!);
    if (!found) throw new AppError('UNAUTHENTICATED', 'API key is not valid');
    const { seller } = found;
    req.seller = seller;
    req.apiKeyId = found.keyId;
    req.log = req.log.child({ sellerId: seller._id });
  };
}

export const sellerOf = (req: FastifyRequest): SellerDoc => {
  if (!req.seller) throw new AppError('UNAUTHENTICATED', 'not authenticated');
  return req.seller;
};
