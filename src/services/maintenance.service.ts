import type { Ctx } from '../context.js';
import type { OrderDoc } from '../db/models/order.model.js';
import { scheduledSyncDue } from '../domain/sync-window.js';
import { jobIds } from '../queues.js';
import { finishShipment } from './order-actions.service.js';
import { releaseHeld } from './order-stock.js';
import { transition, withOrder } from './order-writes.js';
import { sweepWebhookReceipts } from './webhook-receipts.js';

/** Queues an import for every active shop whose scheduled sync is due (one job per shop and slot; failing shops back off). */
export async function scheduleSyncs(ctx: Ctx, intervalSeconds: number): Promise<number> {
  const now = ctx.now().getTime();
  const shops = await ctx.models.Shop.find({ status: 'active' }, { sync: 1 }).lean();
  const slot = String(Math.floor(now / (intervalSeconds * 1000)));
  let queued = 0;
  for (const s of shops) {
    const sync = s.sync ?? {};
    const date = (d: Date | undefined) => (d ? new Date(d) : undefined);
    if (!scheduledSyncDue({ now: new Date(now), intervalMs: intervalSeconds * 1000, lastRunAt: date(sync.lastRunAt), failures: sync.failures, lastFailedAt: date(sync.lastFailedAt) })) continue;
    await ctx.jobs.add('import', { shopId: s._id, reason: 'schedule' }, { jobId: jobIds.import(s._id, slot) });
    queued++;
  }
  return queued;
}

export interface SweepReport {
  requeuedPipeline: number;
  finishedShipments: number;
  finishedReleases: number;
  requeuedPushes: number;
  autoReleased: number;
}

/**
 * Redis is transport, the store is the truth: re-derives work a lost job or a crash left behind.
 * Everything it triggers is idempotent, so sweeping twice is harmless.
 */
export async function sweep(ctx: Ctx, staleSeconds = 60): Promise<SweepReport> {
  const stale = new Date(ctx.now().getTime() - staleSeconds * 1000);
  // Re-enqueued jobs carry the sweep period in their id: one job per order and period (no pile-up), yet a job
  // that ran and failed earlier (its id is kept by BullMQ) does not block the order forever.
  const period = Math.floor(ctx.now().getTime() / (staleSeconds * 1000));
  const report: SweepReport = { requeuedPipeline: 0, finishedShipments: 0, finishedReleases: 0, requeuedPushes: 0, autoReleased: 0 };

  const pending = await ctx.models.Order.find({ hubStatus: 'pending', updatedAt: { $lt: stale } }, { sellerId: 1, timeline: 1 }).limit(500).lean();
  for (const o of pending) {
    await ctx.jobs.add('pipeline', { sellerId: o.sellerId, orderIds: [o._id] }, { jobId: jobIds.pipeline(o._id, `sweep-${o.timeline.length}-${period}`) });
    report.requeuedPipeline++;
  }

  // Holds that clear by themselves (hold-until date passed, presale goods due): back into the pipeline.
  const due = await ctx.models.Order.find({ hubStatus: 'on_hold', recheckAt: { $lte: ctx.now() } }, { sellerId: 1 }).limit(500).lean();
  for (const o of due) {
    await withOrder(ctx, o.sellerId, o._id, async (doc: OrderDoc) => {
      if (doc.hubStatus !== 'on_hold' || !doc.recheckAt || doc.recheckAt > ctx.now()) return;
      const next = await transition(ctx, doc, { to: 'pending', set: { holds: [], recheckAt: null }, entry: { type: 'released', by: 'sweeper', data: { holds: doc.holds.map((h) => h.code), reason: 'hold cleared by itself' } } });
      await ctx.jobs.add('pipeline', { sellerId: doc.sellerId, orderIds: [doc._id] }, { jobId: jobIds.pipeline(doc._id, String(next.timeline.length)) });
      report.autoReleased++;
    });
  }

  const shipping = await ctx.models.Order.find({ stockState: 'deducting', hubStatus: 'allocated', updatedAt: { $lt: stale } }, { sellerId: 1 }).limit(100).lean();
  for (const o of shipping) {
    await withOrder(ctx, o.sellerId, o._id, (doc) => finishShipment(ctx, doc, 'sweeper'));
    report.finishedShipments++;
  }

  const releasing = await ctx.models.Order.find({ stockState: 'releasing', updatedAt: { $lt: stale } }, { sellerId: 1 }).limit(100).lean();
  for (const o of releasing) {
    await withOrder(ctx, o.sellerId, o._id, async (doc: OrderDoc) => {
      if (doc.stockState !== 'releasing') return;
      await releaseHeld(ctx, doc);
      await ctx.models.Order.updateOne({ _id: doc._id }, { $set: { stockState: 'released' } });
    });
    report.finishedReleases++;
  }

  const unpushed = await ctx.models.Order.find({ hubStatus: 'shipped', 'shipments.push.state': 'pending', updatedAt: { $lt: stale } }, { shipments: 1 }).limit(200).lean();
  for (const o of unpushed) {
    for (const s of o.shipments.filter((x) => x.push.state === 'pending')) {
      await ctx.jobs.add('outbound', { kind: 'push-shipment', orderId: o._id, shipmentId: s.shipmentId }, {
        jobId: jobIds.pushShipment(o._id, `${s.shipmentId}:sweep-${s.push.attempts}-${period}`),
      });
      report.requeuedPushes++;
    }
  }
  await sweepWebhookReceipts(ctx);
  return report;
}
