import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { AppError } from '../errors.js';
import { jobIds } from '../queues.js';

/** Length of the period a reconciliation compares. */
export const RECONCILE_PERIOD_SECONDS = 3600;
const MAX_REPLAY_MS = 31 * 24 * 3600 * 1000;

export interface ReconcileResult {
  shopId: string;
  since: Date;
  until: Date;
  platformCount: number;
  hubCount: number;
  replayQueued: boolean;
}

/**
 * The latest whole period that has settled on the platform and that the shop's sync has fully pulled;
 * undefined when the shop has not synced a whole period yet.
 */
export function settledPeriod(now: Date, syncedUntil: Date | undefined, settleLagSeconds: number, periodSeconds = RECONCILE_PERIOD_SECONDS): { since: Date; until: Date } | undefined {
  if (!syncedUntil) return undefined;
  const edge = Math.min(syncedUntil.getTime(), now.getTime() - settleLagSeconds * 1000);
  const p = periodSeconds * 1000;
  const until = Math.floor(edge / p) * p;
  return { since: new Date(until - p), until: new Date(until) };
}

/** Queues a re-pull of a window for a shop (an import with an explicit window: cursors and syncedUntil are left alone). */
export async function queueReplay(ctx: Ctx, shopId: string, since: Date, until: Date, tag: string): Promise<string> {
  const jobId = jobIds.import(shopId, `replay-${since.getTime()}-${until.getTime()}-${tag}`);
  await ctx.jobs.add('import', { shopId, reason: 'replay', window: { since: since.toISOString(), until: until.toISOString() } }, { jobId });
  return jobId;
}

/** Validates an on-demand replay window: since < until, not in the future, at most 31 days. */
export function checkReplayWindow(now: Date, since: Date, until: Date): void {
  const problem = since >= until ? 'since must be before until'
    : until > now ? 'until is in the future'
    : until.getTime() - since.getTime() > MAX_REPLAY_MS ? 'a replay spans at most 31 days'
    : undefined;
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { since, until });
}

/** Compares one shop's platform count for its latest settled period with the hub's; on a difference, queues a re-pull. */
export async function reconcileShop(ctx: Ctx, shop: ShopDoc): Promise<ReconcileResult | undefined> {
  const connector = ctx.connectorFor(shop);
  if (!connector.countOrders) return undefined;
  const syncedUntil = shop.sync?.syncedUntil ? new Date(shop.sync.syncedUntil) : undefined;
  const period = settledPeriod(ctx.now(), syncedUntil, connector.capabilities.settleLagSeconds);
  if (!period) return undefined;
  if (shop.reconcile && new Date(shop.reconcile.until).getTime() === period.until.getTime() && !shop.reconcile.replayQueued) return undefined;
  const [platformCount, hubIds] = await Promise.all([
    connector.countOrders(period),
    ctx.models.Order.distinct('platformOrderId', { shopId: shop._id, platformUpdatedAt: { $gte: period.since, $lt: period.until } }),
  ]);
  const hubCount = hubIds.length;
  const replayQueued = platformCount !== hubCount;
  if (replayQueued) {
    await queueReplay(ctx, shop._id, period.since, period.until, 'reconcile');
    ctx.log.warn({ shopId: shop._id, since: period.since, until: period.until, platformCount, hubCount }, 'order counts differ: period re-pulled');
  }
  await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { reconcile: { ...period, platformCount, hubCount, replayQueued, at: ctx.now() } } });
  return { shopId: shop._id, ...period, platformCount, hubCount, replayQueued };
}

/**
 * Scheduled count reconciliation over every active shop whose connector can count. A shop that fails (platform
 * down, auth) is logged and left for the next run; the others go on.
 */
export async function reconcileCounts(ctx: Ctx): Promise<{ checked: number; replays: number }> {
  const shops = await ctx.models.Shop.find({ status: 'active' }).lean<ShopDoc[]>();
  let checked = 0;
  let replays = 0;
  for (const shop of shops) {
    try {
      const r = await reconcileShop(ctx, shop);
      if (!r) continue;
      checked++;
      if (r.replayQueued) replays++;
    } catch (err) {
      ctx.log.warn({ shopId: shop._id, err }, 'count reconciliation failed for a shop');
    }
  }
  return { checked, replays };
}
