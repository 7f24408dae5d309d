import { createHash } from 'node:crypto';
import type { NormalizedOrder } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import { listingId } from '../db/models/listing.model.js';
import type { OrderDoc } from '../db/models/order.model.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import { platformFields, type SkuResolver } from '../domain/order-mapping.js';
import type { HubStatus } from '../domain/order.js';
import { isOnlyDuplicateKeyErrors } from '../errors.js';
import { jobIds } from '../queues.js';
import { appendEvents } from './events.js';
import { note, withOrder } from './order-writes.js';
import { interceptLocked } from './refund-interception.service.js';
import { bulkWriteChunked } from '../db/bulk.js';

export interface IngestStats {
  created: number;
  updated: number;
  unchanged: number;
}

/** A hub order's first status: what the platform state already says, else pending for the pipeline. */
function initialStatus(o: NormalizedOrder): HubStatus {
  if (o.state === 'cancelled' || o.state === 'refunded') return 'cancelled';
  if (o.state === 'shipped' || o.state === 'completed') return 'shipped';
  return 'pending';
}

/** Keeps the newest version of each order in a page (pages may overlap). */
function newestById(orders: readonly NormalizedOrder[]): NormalizedOrder[] {
  const byId = new Map<string, NormalizedOrder>();
  for (const o of orders) {
    const seen = byId.get(o.platformOrderId);
    if (!seen || seen.platformUpdatedAt < o.platformUpdatedAt) byId.set(o.platformOrderId, o);
  }
  return [...byId.values()];
}

/**
 * Writes one pulled page: new orders in one bulk insert (the unique (shop, platform order id) index makes a
 * racing duplicate a no-op), newer versions of known orders applied under their lock, stale versions ignored.
 * New pending orders go to the pipeline as one batch job.
 */
/** A platform order's hub id: the same (shop, platform order id) always gives the same id, so a duplicate insert fails. */
export function orderIdFor(shopId: string, platformOrderId: string): string {
  return `ord_${createHash('sha256').update(`${shopId}\u0000${platformOrderId}`).digest('base64url').slice(0, 22)}`;
}

export async function ingestOrders(ctx: Ctx, shop: ShopDoc, page: readonly NormalizedOrder[], resolve: SkuResolver): Promise<IngestStats> {
  const orders = newestById(page);
  const stats: IngestStats = { created: 0, updated: 0, unchanged: 0 };
  if (orders.length === 0) return stats;
  // Looked up by `_id` (derived from shop and platform order id): FerretDB 1.x would scan for any other filter.
  const existing = await Promise.all(orders.map((o) => ctx.models.Order.findById(orderIdFor(shop._id, o.platformOrderId), { platformOrderId: 1, platformUpdatedAt: 1 }).lean()));
  const known = new Map(existing.filter((e) => e !== null).map((e) => [e.platformOrderId, e]));
  const now = ctx.now();

  const fresh = orders.filter((o) => !known.has(o.platformOrderId));
  const docs = fresh.map((o) => {
    const hubStatus = initialStatus(o);
    return {
      _id: orderIdFor(shop._id, o.platformOrderId),
      sellerId: shop.sellerId,
      shopId: shop._id,
      platform: shop.platform,
      platformOrderId: o.platformOrderId,
      ...platformFields(o, resolve),
      hubStatus,
      holds: [],
      allocationSeq: 0,
      reservations: [],
      stockState: 'none',
      shipments: [],
      refundIds: [],
      timeline: [{ at: now, type: 'imported', by: `import:${shop.platform}`, data: { platformStatus: o.platformStatus, hubStatus } }],
      createdAt: now,
      updatedAt: now,
    };
  });
  if (docs.length > 0) {
    try {
      await ctx.models.Order.collection.insertMany(docs as never[], { ordered: false });
    } catch (err) {
      if (!isOnlyDuplicateKeyErrors(err)) throw err;
      // A concurrent import inserted some of these first: keep only the documents that are ours.
      const ours = new Set((await ctx.models.Order.find({ _id: { $in: docs.map((d) => d._id) } }, { _id: 1 }).lean()).map((d) => d._id));
      // The others exist already (a racing import, or a document from before ids were derived): update those instead.
      for (const d of docs.filter((x) => !ours.has(x._id))) {
        const prev = await ctx.models.Order.findOne({ shopId: shop._id, platformOrderId: d.platformOrderId }, { platformOrderId: 1, platformUpdatedAt: 1 }).lean();
        if (prev) known.set(prev.platformOrderId, prev);
      }
      docs.splice(0, docs.length, ...docs.filter((d) => ours.has(d._id)));
    }
    stats.created = docs.length;
    await appendEvents(ctx.models, docs.map((d) => ({
      _id: `order.imported:${d._id}`, sellerId: d.sellerId, type: 'order.imported', subject: { kind: 'order', id: d._id }, data: { shopId: shop._id, platformOrderId: d.platformOrderId },
    })), now);
    await rememberListings(ctx, shop, docs.flatMap((d) => d.lines));
    const pending = docs.filter((d) => d.hubStatus === 'pending').map((d) => d._id);
    if (pending.length > 0) {
      const digest = createHash('sha1').update(pending.join(',')).digest('hex').slice(0, 16);
      await ctx.jobs.add('pipeline', { sellerId: shop.sellerId, orderIds: pending }, { jobId: jobIds.pipeline(`batch-${shop._id}`, digest) });
    }
  }

  for (const o of orders) {
    const prev = known.get(o.platformOrderId);
    if (!prev) continue;
    if (prev.platformUpdatedAt >= o.platformUpdatedAt) {
      stats.unchanged++;
      continue;
    }
    await applyPlatformUpdate(ctx, shop, prev._id, o, resolve);
    stats.updated++;
  }
  return stats;
}

async function applyPlatformUpdate(ctx: Ctx, shop: ShopDoc, orderId: string, o: NormalizedOrder, resolve: SkuResolver): Promise<void> {
  await withOrder(ctx, shop.sellerId, orderId, async (order: OrderDoc) => {
    if (order.platformUpdatedAt >= o.platformUpdatedAt) return; // a concurrent import got here first
    const fields = platformFields(o, resolve, order.lines);
    // Lines already allocated keep their mapping; platform data changes the rest.
    await note(ctx, orderId, { type: 'platform.updated', by: `import:${shop.platform}`, data: { platformStatus: o.platformStatus } }, fields as Partial<OrderDoc>);
    const goneOnPlatform = o.state === 'cancelled' || o.state === 'refunded';
    if (goneOnPlatform) {
      // Cancelled or refunded on the platform: the same interception as a refund of the whole order.
      const current = { ...order, ...fields } as OrderDoc;
      const lines = current.lines.map((l) => ({ ...l, refundedQuantity: l.quantity }));
      await interceptLocked(ctx, { ...current, lines }, { full: true, reason: `platform status ${o.platformStatus}` }, `import:${shop.platform}`);
    }
  });
}

/** Learns which SKUs each shop lists, from the lines it sells: stock pushes go to these listings. */
async function rememberListings(ctx: Ctx, shop: ShopDoc, lines: readonly { skuCode?: string; platformSku?: string; platformProductId?: string; platformVariantId?: string }[]): Promise<void> {
  const seen = new Map<string, (typeof lines)[number]>();
  for (const l of lines) if (l.skuCode && !seen.has(l.skuCode)) seen.set(l.skuCode, l);
  if (seen.size === 0) return;
  await bulkWriteChunked(
    ctx.models.Listing,
    [...seen].map(([skuCode, l]) => ({
      updateOne: {
        filter: { _id: listingId(shop._id, skuCode) },
        update: {
          $setOnInsert: {
            sellerId: shop.sellerId, shopId: shop._id, skuCode,
            platformSku: l.platformSku, platformProductId: l.platformProductId, platformVariantId: l.platformVariantId,
            createdAt: ctx.now(),
          },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  ).catch((err: unknown) => {
    if (!isOnlyDuplicateKeyErrors(err)) throw err;
  });
}
