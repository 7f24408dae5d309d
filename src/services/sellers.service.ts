import type { Ctx } from '../context.js';
import type { SellerDoc } from '../db/models/seller.model.js';
import { newSecret, sha256Hex } from '../crypto.js';
import { newId } from '../ids.js';

/** Creates a seller; the API key is returned this once and only its hash is stored. */
export async function createSeller(ctx: Ctx, name: string): Promise<{ seller: SellerDoc; apiKey: string }> {
  const apiKey = newSecret('sk', 24);
  const now = ctx.now();
  const seller = { _id: newId('sel', now), name, apiKeyHash: sha256Hex(apiKey), apiKeyPrefix: apiKey.slice(0, 7), createdAt: now };
  await ctx.models.Seller.create(seller);
  return { seller, apiKey };
}

export async function sellerByApiKey(ctx: Ctx, apiKey: string): Promise<SellerDoc | null> {
  return ctx.models.Seller.findOne({ apiKeyHash: sha256Hex(apiKey) }).lean<SellerDoc>();
}
