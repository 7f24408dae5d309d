import { getDefinition } from '../../connectors/registry.js';
import type { Connector, Platform } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { decryptJson, encryptJson, newSecret } from '../crypto.js';
import { checkEgressUrl, egressAgents, egressPolicyOf, hostAllowListed } from '../egress.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';

export interface CreateShopInput {
  platform: Platform;
  name: string;
  credentials: unknown;
  apiBaseUrl?: string;
}

/** The public view of a shop: credentials are never echoed back. */
export function shopView(s: ShopDoc) {
  return {
    id: s._id,
    platform: s.platform,
    name: s.name,
    apiBaseUrl: s.apiBaseUrl ?? null,
    status: s.status,
    statusReason: s.statusReason ?? null,
    webhookPath: `/webhooks/${s.platform}/${s.webhookToken}`,
    sync: {
      syncedUntil: s.sync?.syncedUntil ?? null,
      lastRunAt: s.sync?.lastRunAt ?? null,
      lastError: s.sync?.lastError ?? null,
    },
    createdAt: s.createdAt,
  };
}

export async function createShop(ctx: Ctx, sellerId: string, input: CreateShopInput): Promise<ShopDoc> {
  const def = getDefinition(input.platform);
  if (!def) throw new AppError('UNSUPPORTED_PLATFORM', `platform ${input.platform} has no connector yet`);
  const parsed = def.credentialsSchema.safeParse(input.credentials);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', `credentials for ${input.platform} are not valid`, {
      issues: parsed.error.issues.map((i) => ({ path: ['credentials', ...i.path].join('.'), message: i.message })),
    });
  }
  await checkShopEgress(ctx, input.platform, input.apiBaseUrl, parsed.data);
  const now = ctx.now();
  const doc = {
    _id: newId('shop', now),
    sellerId,
    platform: input.platform,
    name: input.name,
    credentialsEnc: encryptJson(ctx.config.credentialsKey, parsed.data),
    apiBaseUrl: input.apiBaseUrl,
    webhookToken: newSecret('wh', 18),
    status: 'active' as const,
    sync: {},
  };
  await ctx.models.Shop.create(doc);
  return (await ctx.models.Shop.findById(doc._id).lean<ShopDoc>())!;
}

/** Platforms whose API lives on the seller's own site: an API address is part of connecting them. */
const siteUrlPlatforms: ReadonlySet<Platform> = new Set(['woocommerce', 'sandbox']);

/**
 * A shop's outgoing addresses under the egress policy (src/egress.ts). Platforms with fixed official hosts
 * take a custom address (apiBaseUrl, Amazon's lwaTokenUrl) only where the operator allows it.
 */
async function checkShopEgress(ctx: Ctx, platform: Platform, apiBaseUrl: string | undefined, credentials: unknown): Promise<void> {
  const policy = egressPolicyOf(ctx.config);
  const lwa = (credentials as { lwaTokenUrl?: unknown } | null)?.lwaTokenUrl;
  const targets: [string, string][] = [];
  if (apiBaseUrl !== undefined) targets.push(['apiBaseUrl', apiBaseUrl]);
  if (typeof lwa === 'string') targets.push(['credentials.lwaTokenUrl', lwa]);
  for (const [what, url] of targets) {
    const checked = await checkEgressUrl(policy, url, what);
    const custom = what !== 'apiBaseUrl' || !siteUrlPlatforms.has(platform);
    if (custom && !policy.allowPrivate && !hostAllowListed(policy, checked.hostname)) {
      throw new AppError('EGRESS_REFUSED', `a custom ${what} for ${platform} is an operator decision: its host must be in API_BASE_URL_HOSTS`);
    }
  }
}

export async function getShop(ctx: Ctx, sellerId: string, shopId: string): Promise<ShopDoc> {
  const shop = await ctx.models.Shop.findOne({ _id: shopId, sellerId }).lean<ShopDoc>();
  if (!shop) throw notFound('shop', shopId);
  return shop;
}

type FactoryDeps = Pick<Ctx, 'config' | 'limiter' | 'log' | 'now'> & Partial<Pick<Ctx, 'models' | 'locks'>>;

/**
 * The default connector factory: the shop's credentials are decrypted for this use only: they live in
 * the connector instance of one job, never in job data or logs. With the store and locks at hand, a
 * connector can persist credentials it refreshed (saveCredentials).
 */
export function connectorFactory(deps: FactoryDeps): (shop: ShopDoc) => Connector {
  return (shop) => {
    const def = getDefinition(shop.platform);
    if (!def) throw new AppError('UNSUPPORTED_PLATFORM', `platform ${shop.platform} has no connector`);
    const credentials = decryptJson<never>(deps.config.credentialsKey, shop.credentialsEnc);
    const log = deps.log.child({ shopId: shop._id, platform: shop.platform });
    const saver = credentialSaver(deps, shop, def.credentialsSchema, log);
    const { models, locks } = deps;
    return def.create(
      { shopId: shop._id, platform: shop.platform, credentials, apiBaseUrl: shop.apiBaseUrl },
      {
        now: deps.now, limiter: deps.limiter, log, saveCredentials: saver?.save, egress: (url) => egressAgents(egressPolicyOf(deps.config), url),
        exclusive: locks ? (name, fn) => locks.withLock(`connector:${shop._id}:${name}`, fn, { ttlMs: 30_000, waitMs: 60_000 }) : undefined,
        loadCredentials: models && saver ? async () => {
          const cur = await models.Shop.findById(shop._id, { credentialsEnc: 1 }).lean();
          if (!cur) return null;
          saver.rebase(cur.credentialsEnc); // what is about to be replaced is what was just read
          return decryptJson<Record<string, unknown>>(deps.config.credentialsKey, cur.credentialsEnc);
        } : undefined,
      },
    );
  };
}

/**
 * Encrypts and stores credentials a connector refreshed, under the shop's lock. It writes only over the
 * credentials this connector was built from (or last wrote itself): a re-authorisation made meanwhile wins.
 */
export function credentialSaver(deps: FactoryDeps, shop: ShopDoc, schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, log: FactoryDeps['log']) {
  const { models, locks } = deps;
  if (!models || !locks) return undefined;
  let basis = shop.credentialsEnc;
  const save = async (next: Record<string, unknown>): Promise<void> => {
    const parsed = schema.safeParse(next);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', `refreshed ${shop.platform} credentials do not fit the platform's schema`);
    await locks.withLock(`shop-credentials:${shop._id}`, async () => {
      const current = await models.Shop.findById(shop._id, { credentialsEnc: 1 }).lean();
      if (current?.credentialsEnc !== basis) {
        log.warn({ shopId: shop._id }, 'shop credentials changed meanwhile; refreshed credentials not saved');
        return;
      }
      const enc = encryptJson(deps.config.credentialsKey, parsed.data);
      await models.Shop.updateOne({ _id: shop._id }, { $set: { credentialsEnc: enc, updatedAt: deps.now() } });
      basis = enc;
      log.info({ shopId: shop._id }, 'refreshed shop credentials saved');
    }, { ttlMs: 15_000, waitMs: 10_000 });
  };
  return { save, rebase: (enc: string) => { basis = enc; } };
}
