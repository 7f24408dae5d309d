import type { NormalizedOrder, PullPage } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import type { SkuResolver } from '../domain/order-mapping.js';
import type { ImportSummary } from './import.service.js';
import { ingestOrders } from './ingest-orders.js';
import { ingestRefunds } from './ingest-refunds.js';
import { quarantine } from './quarantine.service.js';

/** One page: its orders, the refunds read with them, and the records that did not parse (set aside, not fatal). */
export async function ingestPage(ctx: Ctx, shop: ShopDoc, page: PullPage<NormalizedOrder>, resolve: SkuResolver, summary: ImportSummary): Promise<void> {
  const s = await ingestOrders(ctx, shop, page.items, resolve);
  summary.created += s.created;
  summary.updated += s.updated;
  summary.unchanged += s.unchanged;
  summary.refunds += await ingestRefunds(ctx, shop, page.refunds ?? []);
  await quarantine(ctx, shop, page.quarantined ?? []);
  summary.quarantined += page.quarantined?.length ?? 0;
}

