import { ConnectorError } from '../../connectors/errors.js';
import type { StockPushItem } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { OrderDoc, ShipmentRecord } from '../db/models/order.model.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { appendEvents } from './events.js';
import { note, withOrder } from './order-writes.js';
import { dirtyKey } from './stock-push-trigger.js';

export type PushOutcome = 'pushed' | 'already_pushed' | 'failed' | 'skipped';

/**
 * Sends a shipment's tracking number to the platform once. What was sent is recorded on the shipment, so a
 * retried job does not ship twice; a retryable failure is rethrown for the queue's backoff, a permanent one
 * is recorded as failed (the exception queue shows it).
 */
export async function pushShipment(ctx: Ctx, orderId: string, shipmentId: string): Promise<PushOutcome> {
  const head = await ctx.models.Order.findById(orderId, { sellerId: 1 }).lean();
  if (!head) return 'skipped';
  return withOrder(ctx, head.sellerId, orderId, async (o) => {
    const idx = o.shipments.findIndex((s) => s.shipmentId === shipmentId);
    const s = o.shipments[idx];
    if (!s) return 'skipped';
    if (s.push.state === 'pushed') return 'already_pushed';
    const shop = await ctx.models.Shop.findById(o.shopId).lean<ShopDoc>();
    if (!shop) return 'skipped';
    const shipped = o.lines.reduce((a, l) => a + l.quantity - l.refundedQuantity, 0);
    const inParcel = s.lines.reduce((a, l) => a + l.quantity, 0);
    try {
      const res = await ctx.connectorFor(shop).pushShipment({
        platformOrderId: o.platformOrderId,
        shipmentId: s.shipmentId,
        trackingNumber: s.trackingNumber,
        courierCode: s.courierCode,
        lines: s.lines,
        partial: inParcel < shipped,
        shippedAt: new Date(s.shippedAt),
      });
      await saveShipment(ctx, o, idx, { ...s, push: { state: 'pushed', attempts: s.push.attempts + 1, pushedAt: ctx.now(), platformShipmentId: res.platformShipmentId } });
      await appendEvents(ctx.models, [{ _id: `shipment.pushed:${shipmentId}`, sellerId: o.sellerId, type: 'shipment.pushed', subject: { kind: 'order', id: o._id }, data: { shipmentId, trackingNumber: s.trackingNumber } }], ctx.now());
      return 'pushed';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof ConnectorError && !err.retryable;
      await saveShipment(ctx, o, idx, { ...s, push: { ...s.push, state: permanent ? 'failed' : 'pending', attempts: s.push.attempts + 1, lastError: message } });
      if (!permanent) throw err;
      await note(ctx, o._id, { type: 'shipment.push_failed', by: 'outbound', data: { shipmentId, error: message } });
      return 'failed';
    }
  });
}

async function saveShipment(ctx: Ctx, o: OrderDoc, idx: number, s: ShipmentRecord): Promise<void> {
  const shipments = o.shipments.map((x, i) => (i === idx ? s : x));
  await ctx.models.Order.updateOne({ _id: o._id }, { $set: { shipments, updatedAt: ctx.now() } });
}

/** Available stock per SKU across the seller's warehouses. */
async function availableBySku(ctx: Ctx, sellerId: string, skuCodes: readonly string[]): Promise<Map<string, number>> {
  const levels = await ctx.models.StockLevel.find({ sellerId, skuCode: { $in: skuCodes } }, { skuCode: 1, available: 1 }).lean();
  const out = new Map<string, number>(skuCodes.map((s) => [s, 0]));
  for (const l of levels) out.set(l.skuCode, (out.get(l.skuCode) ?? 0) + Math.max(0, l.available));
  return out;
}

/**
 * Pushes the available quantity of every SKU marked dirty to every active shop that lists it, in the
 * platform's batch size; listings remember what they last got, so unchanged values are not sent again.
 * SKUs whose push failed are marked dirty again and the error is rethrown for a retry.
 */
export async function pushStock(ctx: Ctx, sellerId: string): Promise<{ pushed: number; shops: number }> {
  const key = dirtyKey(ctx.config.QUEUE_PREFIX, sellerId);
  const skuCodes = await ctx.redis.spop(key, 10_000);
  if (skuCodes.length === 0) return { pushed: 0, shops: 0 };
  try {
    const [available, listings, shops] = await Promise.all([
      availableBySku(ctx, sellerId, skuCodes),
      ctx.models.Listing.find({ sellerId, skuCode: { $in: skuCodes } }).lean(),
      ctx.models.Shop.find({ sellerId, status: 'active' }).lean<ShopDoc[]>(),
    ]);
    let pushed = 0;
    let shopCount = 0;
    for (const shop of shops) {
      const due = listings.filter((l) => l.shopId === shop._id && l.lastPushedQty !== available.get(l.skuCode));
      if (due.length === 0) continue;
      shopCount++;
      const connector = ctx.connectorFor(shop);
      const items: StockPushItem[] = due.map((l) => ({
        skuCode: l.skuCode, platformSku: l.platformSku, platformProductId: l.platformProductId, platformVariantId: l.platformVariantId,
        quantity: available.get(l.skuCode) ?? 0,
      }));
      const max = Math.max(1, connector.capabilities.stockBatchMax);
      for (let i = 0; i < items.length; i += max) {
        const chunk = items.slice(i, i + max);
        const res = await connector.pushStock(chunk);
        const failed = new Set(res.failed.map((f) => f.skuCode));
        const ok = chunk.filter((c) => !failed.has(c.skuCode));
        const at = ctx.now();
        if (ok.length > 0) {
          await ctx.models.Listing.bulkWrite(ok.map((c) => ({
            updateOne: { filter: { shopId: shop._id, skuCode: c.skuCode }, update: { $set: { lastPushedQty: c.quantity, lastPushedAt: at } } },
          })), { ordered: false });
        }
        for (const f of res.failed) ctx.log.warn({ shopId: shop._id, skuCode: f.skuCode, reason: f.reason }, 'stock push refused for a listing');
        pushed += ok.length;
      }
    }
    return { pushed, shops: shopCount };
  } catch (err) {
    await ctx.redis.sadd(key, ...skuCodes);
    throw err;
  }
}
