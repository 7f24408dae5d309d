import { ConnectorError } from '../../connectors/errors.js';
import { initialPush, REPLACEMENT_PLATFORM_STATUS } from './inventory/tickets-replacement.js';
import type { Connector } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { OrderDoc, ShipmentPushRecord, ShipmentRecord } from '../db/models/order.model.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { planWriteback } from '../domain/writeback-plan.js';
import { note, withOrder } from './order-writes.js';
import { runStep, shipmentPushedEvent } from './shipment-push.js';
import { loadRelatedOrders, planCapabilities, planInputFor } from './writeback-input.js';
import { sellerFacingMessage } from './connector-failure.js';
import { shopEvent } from './webhooks/shop-events.js';

export { pushStock } from './stock-push.service.js';

export type PushOutcome = 'pushed' | 'already_pushed' | 'failed' | 'skipped';

/**
 * Writes a shipment's tracking back to the platform. The write-back planner decides, from every parcel of the
 * order and the connector's capabilities, which pushes this shipment makes (one per platform order it carries)
 * and which cannot be expressed; each is recorded on the shipment (`pushes`, with the payload fingerprint), so a
 * retry never sends twice. A retryable failure is rethrown for the queue's backoff (auth failures too: the
 * shipment stays pending until the shop is re-authorised); a permanent one is recorded as failed.
 */
export async function pushShipment(ctx: Ctx, orderId: string, shipmentId: string): Promise<PushOutcome> {
  const head = await ctx.models.Order.findById(orderId, { sellerId: 1 }).lean();
  if (!head) return 'skipped';
  return withOrder(ctx, head.sellerId, orderId, async (o) => {
    const s = o.shipments.find((x) => x.shipmentId === shipmentId);
    if (!s) return 'skipped';
    if (s.push.state === 'pushed') return 'already_pushed';
    if (s.push.state === 'not_applicable') return 'skipped';
    // An after-sales replacement (exchange, resend) is the seller's own parcel: the platform has no order for it
    // (a shipment recorded before `not_applicable` existed gets that state now).
    if (o.platformStatus === REPLACEMENT_PLATFORM_STATUS) {
      await saveShipment(ctx, o, s, new Map((s.pushes ?? []).map((r) => [r.platformOrderId, r])), initialPush(o));
      return 'skipped';
    }
    const shop = await ctx.models.Shop.findById(o.shopId).lean<ShopDoc>();
    // A shop waiting for re-authorisation keeps its shipments pending; the sweeper re-queues them later.
    if (!shop || shop.status !== 'active') return 'skipped';
    const connector = ctx.connectorFor(shop);
    const related = await loadRelatedOrders(ctx, o);
    const steps = planWriteback(planInputFor(o, planCapabilities(shop.platform, connector.capabilities), related)).filter((x) => x.parcelId === shipmentId);
    if (steps.length === 0) ctx.log.warn({ orderId, shipmentId }, 'shipment has no lines to write back');
    const records = new Map((s.pushes ?? []).map((r) => [r.platformOrderId, r]));
    const save = (r: ShipmentPushRecord) => { records.set(r.platformOrderId, r); return saveShipment(ctx, o, s, records); };
    let failure: { error: unknown; permanent: boolean } | undefined;
    // A master merged across shops (merge scope "platform") writes each platform order back through its own shop.
    const shopOfPid = new Map(o.lines.filter((l) => l.source).map((l) => [l.source!.platformOrderId, l.source!.shopId]));
    const connectors = new Map<string, Connector>([[shop._id, connector]]);
    for (const step of steps) {
      const before = records.get(step.platformOrderId);
      const target = await connectorForShop(ctx, connectors, shopOfPid.get(step.platformOrderId) ?? shop._id);
      if (!target) {
        failure = { error: new Error(`shop ${shopOfPid.get(step.platformOrderId)} is not active: write-back waits`), permanent: false };
        break;
      }
      const res = await runStep(ctx, o, target, step, before, save);
      records.set(step.platformOrderId, res.record);
      if (res.record.state === 'sent' && before?.state !== 'sent') await shipmentPushedEvent(ctx, o, shipmentId, res.record);
      if (res.error !== undefined) { failure = { error: res.error, permanent: res.permanent === true }; break; }
    }
    const message = failure?.error instanceof Error ? failure.error.message : failure ? String(failure.error) : undefined;
    const state = failure ? (failure.permanent ? 'failed' : 'pending') : 'pushed';
    const sent = [...records.values()].find((r) => r.state === 'sent');
    await saveShipment(ctx, o, s, records, {
      state, attempts: s.push.attempts + 1, lastError: message, pushedAt: state === 'pushed' ? ctx.now() : s.push.pushedAt,
      platformShipmentId: sent?.platformShipmentId ?? s.push.platformShipmentId,
    });
    if (!failure) return 'pushed';
    if (failure.error instanceof ConnectorError && failure.error.kind === 'auth') await markNeedsReauth(ctx, shop, sellerFacingMessage(failure.error));
    if (!failure.permanent) throw failure.error;
    await note(ctx, o._id, { type: 'shipment.push_failed', by: 'outbound', data: { shipmentId, error: message } });
    return 'failed';
  });
}

async function connectorForShop(ctx: Ctx, cache: Map<string, Connector>, shopId: string): Promise<Connector | undefined> {
  const known = cache.get(shopId);
  if (known) return known;
  const shop = await ctx.models.Shop.findById(shopId).lean<ShopDoc>();
  if (!shop || shop.status !== 'active') return undefined;
  const c = ctx.connectorFor(shop);
  cache.set(shopId, c);
  return c;
}

async function markNeedsReauth(ctx: Ctx, shop: ShopDoc, reason: string): Promise<void> {
  await ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { status: 'needs_reauth', statusReason: reason } });
  await shopEvent(ctx, shop, 'shop.needs_reauth');
  ctx.log.warn({ shopId: shop._id }, 'shop needs re-authorisation; shipment write-back held');
}

/** Rewrites the shipment with its push records (and aggregate push state); the caller holds the order lock. */
async function saveShipment(ctx: Ctx, o: OrderDoc, s: ShipmentRecord, records: Map<string, ShipmentPushRecord>, push?: ShipmentRecord['push']): Promise<void> {
  const fresh = await ctx.models.Order.findById(o._id, { shipments: 1 }).lean<Pick<OrderDoc, 'shipments'>>();
  const shipments = (fresh?.shipments ?? o.shipments).map((x) => (x.shipmentId === s.shipmentId ? { ...x, push: push ?? x.push, pushes: [...records.values()] } : x));
  await ctx.models.Order.updateOne({ _id: o._id }, { $set: { shipments, updatedAt: ctx.now() } });
}
