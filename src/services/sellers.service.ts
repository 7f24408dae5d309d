import type { Ctx } from '../context.js';
import type { SellerDoc } from '../db/models/seller.model.js';
import { newSecret, sha256Hex } from '../crypto.js';
import { newId } from '../ids.js';

/** Creates a seller and its first API key; the key is returned this once and only its hash is stored. */
export async function createSeller(ctx: Ctx, name: string): Promise<{ seller: SellerDoc; apiKey: string }> {
  const apiKey = newSecret('sk', 24);
  const now = ctx.now();
  const keyHash = sha256Hex(apiKey);
  const id = newId('sel', now);
  // apiKeyHash stays on the seller (unique, required by older readers); the key record is what authenticates.
  const seller: SellerDoc = { _id: id, name, apiKeyHash: keyHash, apiKeyPrefix: apiKey.slice(0, 7), apiKeysMigratedAt: now, createdAt: now };
  await ctx.models.ApiKey.create({ _id: `key_${id}_initial`, sellerId: id, name: 'initial', keyHash, prefix: apiKey.slice(0, 7), createdAt: now });
  await ctx.models.Seller.create(seller);
  return { seller, apiKey };
}
