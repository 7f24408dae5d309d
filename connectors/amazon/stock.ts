import { ConnectorError } from '../errors.js';
import type { ConnectorDeps, StockPushItem, StockPushResult } from '../types.js';
import type { SpApiClient } from './client.js';
import { createFeedSchema, feedDocumentSchema, listingsPatchResponseSchema } from './schemas.js';

/** Up to this many SKUs go one by one through patchListingsItem (per-SKU answers); more go as one JSON listings feed. */
export const PATCH_MAX_ITEMS = 10;
/** JSON_LISTINGS_FEED messages per feed: 10,000 (the documented limit before 2025; 25,000 since), well under 10 MiB. */
export const FEED_MAX_ITEMS = 10_000;
const FEED_CONTENT_TYPE = 'application/json; charset=UTF-8';

export interface StockContext {
  client: SpApiClient;
  shopId: string;
  sellerId: string;
  marketplaceId: string;
  productType: string;
  log: ConnectorDeps['log'];
}

const skuOf = (i: StockPushItem) => i.platformSku ?? i.skuCode;
const availability = (quantity: number) => [{ fulfillment_channel_code: 'DEFAULT', quantity: Math.max(0, Math.floor(quantity)) }];

export async function pushStockItems(ctx: StockContext, items: StockPushItem[]): Promise<StockPushResult> {
  // The last value for a SKU wins; Amazon would otherwise apply them in an unspecified order.
  const bySku = new Map(items.map((i) => [skuOf(i), i]));
  const unique = [...bySku.values()];
  if (unique.length <= PATCH_MAX_ITEMS) return patchEach(ctx, unique);
  for (let i = 0; i < unique.length; i += FEED_MAX_ITEMS) await submitFeed(ctx, unique.slice(i, i + FEED_MAX_ITEMS));
  return { failed: [] };
}

async function patchEach(ctx: StockContext, items: StockPushItem[]): Promise<StockPushResult> {
  const failed: StockPushResult['failed'] = [];
  for (const item of items) {
    try {
      const r = await ctx.client.call('patchListingsItem', {
        method: 'PATCH',
        path: `/listings/2021-08-01/items/${encodeURIComponent(ctx.sellerId)}/${encodeURIComponent(skuOf(item))}`,
        params: { marketplaceIds: ctx.marketplaceId },
        body: { productType: ctx.productType, patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: availability(item.quantity) }] },
      }, listingsPatchResponseSchema);
      if (r.status === 'INVALID') {
        const why = (r.issues ?? []).filter((x) => x.severity !== 'WARNING').map((x) => `${x.code ?? ''} ${x.message ?? ''}`.trim()).join('; ');
        failed.push({ skuCode: item.skuCode, reason: why || 'INVALID' });
      }
    } catch (err) {
      // A listing Amazon does not know, or a patch it refuses, fails that SKU only; throttling and auth stop the push.
      if (err instanceof ConnectorError && (err.kind === 'not_found' || err.kind === 'invalid')) failed.push({ skuCode: item.skuCode, reason: err.message });
      else throw err;
    }
  }
  return { failed };
}

/**
 * createFeedDocument → PUT the JSON to the pre-signed URL → createFeed(JSON_LISTINGS_FEED). Amazon processes feeds
 * asynchronously (minutes): per-SKU outcomes arrive in the processing report, not in this call.
 */
async function submitFeed(ctx: StockContext, items: StockPushItem[]): Promise<void> {
  const doc = await ctx.client.call('createFeedDocument', {
    method: 'POST', path: '/feeds/2021-06-30/documents', body: { contentType: FEED_CONTENT_TYPE },
  }, feedDocumentSchema);
  const feed = {
    header: { sellerId: ctx.sellerId, version: '2.0', issueLocale: 'en_US' },
    messages: items.map((i, n) => ({
      messageId: n + 1, sku: skuOf(i), operationType: 'PARTIAL_UPDATE', productType: ctx.productType,
      attributes: { fulfillment_availability: availability(i.quantity) },
    })),
  };
  await ctx.client.upload(doc.url, FEED_CONTENT_TYPE, JSON.stringify(feed));
  const created = await ctx.client.call('createFeed', {
    method: 'POST', path: '/feeds/2021-06-30/feeds',
    body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [ctx.marketplaceId], inputFeedDocumentId: doc.feedDocumentId },
  }, createFeedSchema);
  ctx.log.info({ shopId: ctx.shopId, feedId: created.feedId, items: items.length }, 'amazon stock feed submitted');
}
