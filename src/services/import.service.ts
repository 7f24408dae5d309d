import { ConnectorError } from '../../connectors/errors.js';
import type { Connector, PullPage, PullWindow } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { nextPullWindow } from '../domain/sync-window.js';
import type { ImportJob } from '../queues.js';
import { ingestOrders, type IngestStats } from './ingest-orders.js';
import { ingestRefunds } from './ingest-refunds.js';
import { loadSkuResolver } from './sku-resolver.js';
import { shopEvent } from './webhooks/shop-events.js';

export interface ImportSummary extends IngestStats {
  shopId: string;
  outcome: 'done' | 'skipped' | 'needs_reauth';
  pages: number;
  refunds: number;
  window?: { since: Date; until: Date };
}

const INITIAL_LOOKBACK_SECONDS = 30 * 24 * 3600;

/**
 * Pulls a shop's orders and refunds changed in the next window (overlapping the last one), page by page.
 * The window and the cursor inside it are saved after every page, so a crash resumes where it stopped;
 * `syncedUntil` advances only when the whole window is in. One import per shop at a time.
 */
export async function runImport(ctx: Ctx, job: ImportJob): Promise<ImportSummary> {
  const shop = await ctx.models.Shop.findById(job.shopId).lean<ShopDoc>();
  const summary: ImportSummary = { shopId: job.shopId, outcome: 'skipped', pages: 0, refunds: 0, created: 0, updated: 0, unchanged: 0 };
  if (!shop || shop.status !== 'active') return summary;
  return ctx.locks.withLock(`import:${shop._id}`, async () => {
    const connector = ctx.connectorFor(shop);
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
      const startAt = resume?.kind === 'refunds' ? 'refunds' : 'orders';
      if (startAt === 'orders') {
        await pullAll(ctx, shop, window, resume?.kind === 'orders' ? resume.cursor : undefined, 'orders', !replay, (w) => connector.pullOrders(w), async (items) => {
          const s = await ingestOrders(ctx, shop, items, resolve);
          summary.created += s.created;
          summary.updated += s.updated;
          summary.unchanged += s.unchanged;
          summary.pages++;
        });
      }
      await pullAll(ctx, shop, window, resume?.kind === 'refunds' ? resume.cursor : undefined, 'refunds', !replay, (w) => connectorPullRefunds(connector, w), async (items) => {
        summary.refunds += await ingestRefunds(ctx, shop, items);
      });
    } catch (err) {
      return handleFailure(ctx, shop, err, summary);
    }
    const set: Record<string, unknown> = { 'sync.lastRunAt': ctx.now(), 'sync.lastError': null, 'sync.lastOrderCount': summary.created + summary.updated };
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
  }, { ttlMs: 30_000, waitMs: 2_000 });
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
  handle: (items: T[]) => Promise<void>,
): Promise<void> {
  let cursor = startCursor;
  for (;;) {
    const page = await pull({ ...window, cursor });
    await handle(page.items);
    cursor = page.nextCursor ?? undefined;
    if (saveProgress) {
      const next = cursor ? { since: window.since, until: window.until, cursor, kind } : kind === 'orders' ? { since: window.since, until: window.until, kind: 'refunds' } : null;
      await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { 'sync.inProgress': next } });
    }
    if (!cursor) return;
  }
}

async function handleFailure(ctx: Ctx, shop: ShopDoc, err: unknown, summary: ImportSummary): Promise<ImportSummary> {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ConnectorError && err.kind === 'auth') {
    await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { status: 'needs_reauth', statusReason: message, 'sync.lastError': message } });
    await shopEvent(ctx, shop, 'shop.needs_reauth');
    ctx.log.warn({ shopId: shop._id, err }, 'shop needs re-authorisation; sync stopped');
    summary.outcome = 'needs_reauth';
    return summary;
  }
  await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { 'sync.lastError': message } });
  await shopEvent(ctx, shop, 'shop.sync_failed');
  throw err;
}
