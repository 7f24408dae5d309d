import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import type { ImportSummary } from './import.service.js';
import { ingestPage } from './ingest-page.js';
import { resolveParsed } from './quarantine.service.js';
import { loadSkuResolver } from './sku-resolver.js';

/**
 * The webhook fast path: reads the one order a verified webhook named from the platform now (its refunds with
 * it) and ingests it like a page, so a refund reaches the interception within seconds instead of waiting for
 * the next window. No shop lock: each order write takes the order's own lock, and ingestion is idempotent
 * (newer platform versions win, refunds apply once), so it may run beside a window pull.
 */
export async function importOneOrder(ctx: Ctx, shop: ShopDoc, platformOrderId: string, summary: ImportSummary): Promise<ImportSummary> {
  const connector = ctx.connectorFor(shop);
  if (!connector.fetchOrder) return summary;
  const page = await connector.fetchOrder(platformOrderId);
  const resolve = await loadSkuResolver(ctx, shop.sellerId);
  await ingestPage(ctx, shop, page, resolve, summary);
  await resolveParsed(ctx, shop, page.items);
  summary.pages = 1;
  summary.outcome = 'done';
  ctx.log.info({ shopId: shop._id, platformOrderId, created: summary.created, updated: summary.updated, refunds: summary.refunds }, 'webhook order imported');
  return summary;
}
