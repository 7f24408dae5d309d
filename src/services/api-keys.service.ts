import type { Ctx } from '../context.js';
import type { ApiKeyDoc } from '../db/models/api-key.model.js';
import type { SellerDoc } from '../db/models/seller.model.js';
import { newSecret, sha256Hex } from '../crypto.js';
import { AppError, isDuplicateKeyError, notFound } from '../errors.js';
import { newId } from '../ids.js';

/** At most this many keys per seller (rotation needs two at a time; more is a leak waiting to happen). */
export const MAX_KEYS_PER_SELLER = 20;
/** lastUsedAt is written at most this often per key, so authentication does not cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const apiKeyView = (k: ApiKeyDoc, currentKeyId?: string) => ({
  id: k._id, name: k.name, prefix: k.prefix, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt ?? null, current: k._id === currentKeyId,
});

/** Issues a new key; the secret is returned this once. */
export async function createApiKey(ctx: Ctx, sellerId: string, name: string): Promise<{ key: ApiKeyDoc; apiKey: string }> {
  const count = await ctx.models.ApiKey.countDocuments({ sellerId });
  if (count >= MAX_KEYS_PER_SELLER) throw new AppError('CONFLICT', `a seller has at most ${MAX_KEYS_PER_SELLER} API keys; delete one first`);
  const apiKey = newSecret('sk', 24);
  const now = ctx.now();
  const key: ApiKeyDoc = { _id: newId('key', now), sellerId, name, keyHash: sha256Hex(apiKey), prefix: apiKey.slice(0, 7), createdAt: now };
  await ctx.models.ApiKey.create(key);
  return { key, apiKey };
}

export async function listApiKeys(ctx: Ctx, sellerId: string): Promise<ApiKeyDoc[]> {
  return ctx.models.ApiKey.find({ sellerId }).sort({ createdAt: 1, _id: 1 }).limit(MAX_KEYS_PER_SELLER).lean<ApiKeyDoc[]>();
}

/** Revokes a key at once (the next request with it is refused); the seller's last key cannot be deleted. */
export async function deleteApiKey(ctx: Ctx, sellerId: string, keyId: string): Promise<void> {
  const key = await ctx.models.ApiKey.findOne({ _id: keyId, sellerId }).lean<ApiKeyDoc>();
  if (!key) throw notFound('API key', keyId);
  const others = await ctx.models.ApiKey.countDocuments({ sellerId, _id: { $ne: keyId } });
  if (others === 0) throw new AppError('CONFLICT', 'this is the seller\'s last API key: create a new one before deleting it');
  // The seller's original key must not come back through the legacy lookup once its record is gone.
  await ctx.models.Seller.updateOne({ _id: sellerId, apiKeysMigratedAt: { $exists: false } }, { $set: { apiKeysMigratedAt: ctx.now() } });
  await ctx.models.ApiKey.deleteOne({ _id: keyId, sellerId });
}

/**
 * Resolves an API key to its seller and key record. Keys live in api_keys; a seller created before keys had
 * their own collection is migrated on first use (its key keeps working), after which the seller's own hash
 * no longer authenticates (so deleting the migrated key revokes it).
 */
export async function authenticateApiKey(ctx: Ctx, apiKey: string): Promise<{ seller: SellerDoc; keyId: string } | null> {
  const keyHash = sha256Hex(apiKey);
  let key = await ctx.models.ApiKey.findOne({ keyHash }).lean<ApiKeyDoc>();
  if (!key) key = await migrateLegacyKey(ctx, keyHash);
  if (!key) return null;
  const seller = await ctx.models.Seller.findById(key.sellerId).lean<SellerDoc>();
  if (!seller) return null;
  const now = ctx.now();
  if (!key.lastUsedAt || now.getTime() - new Date(key.lastUsedAt).getTime() >= LAST_USED_RESOLUTION_MS) {
    await ctx.models.ApiKey.updateOne({ _id: key._id }, { $set: { lastUsedAt: now } });
  }
  return { seller, keyId: key._id };
}

async function migrateLegacyKey(ctx: Ctx, keyHash: string): Promise<ApiKeyDoc | null> {
  const seller = await ctx.models.Seller.findOne({ apiKeyHash: keyHash }).lean<SellerDoc>();
  if (!seller || seller.apiKeysMigratedAt) return null;
  const key: ApiKeyDoc = { _id: `key_${seller._id}_initial`, sellerId: seller._id, name: 'initial', keyHash, prefix: seller.apiKeyPrefix, createdAt: seller.createdAt };
  try {
    await ctx.models.ApiKey.create(key);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err; // another request migrated it meanwhile
  }
  await ctx.models.Seller.updateOne({ _id: seller._id }, { $set: { apiKeysMigratedAt: ctx.now() } });
  return ctx.models.ApiKey.findOne({ keyHash }).lean<ApiKeyDoc>();
}
