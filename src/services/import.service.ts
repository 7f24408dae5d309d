import { ConnectorError } from '../../connectors/errors.js';
import type { Connector, PullPage, PullWindow } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import type { SkuResolver } from '../domain/order-mapping.js';
import { nextPullWindow } from '../domain/sync-window.js';
import { LockTimeoutError } from '../locks.js';
import type { ImportJob } from '../queues.js';
import { warnExpiringApiVersion } from './api-versions.service.js';
import { importOneOrder } from './ingest-one.js';
import type { IngestStats } from './ingest-orders.js';
import { ingestPage } from './ingest-page.js';
import { ingestRefunds } from './ingest-refunds.js';
import { quarantine, resolveParsed, retryQuarantined } from './quarantine.service.js';
import { loadSkuResolver } from './sku-resolver.js';
import { sellerFacingMessage } from './connector-failure.js';
import { shopEvent } from './webhooks/shop-events.js';

export interface ImportSummary extends IngestStats {
  shopId: string;
  /** busy: another import of the shop holds its lock; that one covers this run (coalesced, not failed). */
  outcome: 'done' | 'skipped' | 'needs_reauth' | 'busy';
  pages: number;
  refunds: number;
  /** Records set aside because they did not parse (see quarantine.service.ts). */
  quarantined: number;
  window?: { since: Date; until: Date };
}

const INITIAL_LOOKBACK_SECONDS = 30 * 24 * 3600;
const FOLLOW_UP_MS = 10_000;

/**
 * Pulls a shop's orders and refunds changed in the next window (overlapping the last one), page by page.
 * The window and the cursor inside it are saved after every page, so a crash resumes where it stopped;
 * `syncedUntil` advances only when the whole window is in. One import per shop at a time.
 */
export async function runImport(ctx: Ctx, job: ImportJob): Promise<ImportSummary> {
  const shop = await ctx.models.Shop.findById(job.shopId).lean<ShopDoc>();
  const summary: ImportSummary = { shopId: job.shopId, outcome: 'skipped', pages: 0, refunds: 0, quarantined: 0, created: 0, updated: 0, unchanged: 0 };
  if (!shop || shop.status !== 'active') return summary;
  // A webhook's single order: no window, no shop lock (order writes take the order's own lock).
  if (job.platformOrderId) return importOneOrder(ctx, shop, job.platformOrderId, summary);
  const key = `import:${shop._id}`;
  try {
    // A scheduled (or manual, or webhook) import that finds one running is coalesced into it: the running pull
    // reads the same window. Only a replay of a specific window waits and, if still busy, retries later.
    return await ctx.locks.withLock(key, () => importLocked(ctx, shop, job, summary), { ttlMs: 30_000, waitMs: job.reason === 'replay' ? 2_000 : 250 });
  } catch (err) {
    if (!(err instanceof LockTimeoutError) || err.key !== key || job.reason === 'replay') throw err;
    ctx.log.info({ shopId: shop._id, reason: job.reason }, 'import already running for the shop; this one is coalesced into it');
    if (job.reason !== 'schedule') {
      // Asked for on purpose (manual, webhook): one follow-up per shop and 10 s slot, in case the holder died.
      const slot = Math.floor(ctx.now().getTime() / FOLLOW_UP_MS);
      await ctx.jobs.add('import', { shopId: shop._id, reason: job.reason }, { jobId: `import:${shop._id}:after-busy-${slot}`, delay: FOLLOW_UP_MS });
    }
    summary.outcome = 'busy';
    return summary;
  }
}

async function importLocked(ctx: Ctx, shop: ShopDoc, job: ImportJob, summary: ImportSummary): Promise<ImportSummary> {
  const connector = ctx.connectorFor(shop);
  await warnExpiringApiVersion(ctx, shop);
  const replay = job.window ? { since: new Date(job.window.since), until: new Date(job.window.until) } : undefined;
  const resume = !replay ? shop.sync?.inProgress : undefined;
  const window = replay ?? (resume ? { since: new Date(resume.since), until: new Date(resume.until) } : nextPullWindow({
    now: ctx.now(),
    syncedUntil: shop.sync?.syncedUntil ? new Date(shop.sync.syncedUntil) : null,
    overlapSeconds: ctx.config.SYNC_OVERLAP_SECONDS,
    settleLagSeconds: connector.capabilities.settleLagSeconds,
    initialLookbackSeconds: INITIAL_LOOKBACK_SECONDS,
  }));
  summary.window = window;
  const resolve = await loadSkuResolver(ctx, shop.sellerId);
  try {
    const openQuarantine = await retryAfterUpgrade(ctx, shop, connector, resolve, summary);
    const startAt = resume?.kind === 'refunds' ? 'refunds' : 'orders';
    if (startAt === 'orders') {
      await pullAll(ctx, shop, window, resume?.kind === 'orders' ? resume.cursor : undefined, 'orders', !replay, (w) => connector.pullOrders(w), async (page) => {
        await ingestPage(ctx, shop, page, resolve, summary);
        if (openQuarantine) await resolveParsed(ctx, shop, page.items);
        summary.pages++;
      });
    }
    // Connectors that read refunds with the order pages need no second pass over the window.
    if (!connector.capabilities.refundsWithOrders) {
      await pullAll(ctx, shop, window, resume?.kind === 'refunds' ? resume.cursor : undefined, 'refunds', !replay, (w) => connectorPullRefunds(connector, w), async (page) => {
        summary.refunds += await ingestRefunds(ctx, shop, page.items);
        await quarantine(ctx, shop, page.quarantined ?? []);
        summary.quarantined += page.quarantined?.length ?? 0;
      });
    }
  } catch (err) {
    return handleFailure(ctx, shop, err, summary);
  }
  const set: Record<string, unknown> = { 'sync.lastRunAt': ctx.now(), 'sync.lastError': null, 'sync.failures': 0, 'sync.lastOrderCount': summary.created + summary.updated };
  if (!replay) {
    set['sync.inProgress'] = null;
    const prev = shop.sync?.syncedUntil ? new Date(shop.sync.syncedUntil) : undefined;
    set['sync.syncedUntil'] = prev && prev > window.until ? prev : window.until;
  }
  await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: set });
  summary.outcome = 'done';
  if (summary.created + summary.updated + summary.refunds > 0) {
    ctx.log.info({ shopId: shop._id, created: summary.created, updated: summary.updated, refunds: summary.refunds, pages: summary.pages }, 'orders imported');
  }
  return summary;
}

/** Re-parses records an older connector version quarantined; true when the shop still has open ones. */
async function retryAfterUpgrade(ctx: Ctx, shop: ShopDoc, connector: Connector, resolve: SkuResolver, summary: ImportSummary): Promise<boolean> {
  const open = await ctx.models.Quarantine.countDocuments({ shopId: shop._id, status: 'open' });
  if (open === 0) return false;
  const r = await retryQuarantined(ctx, shop, connector);
  if (r.orders.length + r.refunds.length > 0) await ingestPage(ctx, shop, { items: r.orders, refunds: r.refunds }, resolve, summary);
  if (r.resolved > 0) ctx.log.info({ shopId: shop._id, resolved: r.resolved, stillBad: r.stillBad }, 'quarantined records parsed after a connector upgrade');
  return open > r.resolved;
}

const connectorPullRefunds = (c: Connector, w: PullWindow) => c.pullRefunds(w);

async function pullAll<T>(
  ctx: Ctx,
  shop: ShopDoc,
  window: { since: Date; until: Date },
  startCursor: string | undefined,
  kind: 'orders' | 'refunds',
  saveProgress: boolean,
  pull: (w: PullWindow) => Promise<PullPage<T>>,
  handle: (page: PullPage<T>) => Promise<void>,
): Promise<void> {
  let cursor = startCursor;
  for (;;) {
    const page = await pull({ ...window, cursor });
    await handle(page);
    cursor = page.nextCursor ?? undefined;
    if (saveProgress) {
      const next = cursor ? { since: window.since, until: window.until, cursor, kind } : kind === 'orders' ? { since: window.since, until: window.until, kind: 'refunds' } : null;
      await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { 'sync.inProgress': next } });
    }
    if (!cursor) return;
  }
}

async function handleFailure(ctx: Ctx, shop: ShopDoc, err: unknown, summary: ImportSummary): Promise<ImportSummary> {
  const message = sellerFacingMessage(err);
  if (err instanceof ConnectorError && err.kind === 'auth') {
    await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { status: 'needs_reauth', statusReason: message, 'sync.lastError': message } });
    await shopEvent(ctx, shop, 'shop.needs_reauth');
    ctx.log.warn({ shopId: shop._id, err }, 'shop needs re-authorisation; sync stopped');
    summary.outcome = 'needs_reauth';
    return summary;
  }
  // Under the shop's import lock: the count of consecutive failures drives the scheduled syncs' back-off.
  await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { 'sync.lastError': message, 'sync.lastFailedAt': ctx.now() }, $inc: { 'sync.failures': 1 } });
  await shopEvent(ctx, shop, 'shop.sync_failed');
  throw err;
}
