import { ConnectorError } from '../errors.js';
import type { StockPushItem, StockPushResult } from '../types.js';
import type { WcClient } from './client.js';
import { parseItem, wcBatchResponseSchema, wcListSchema, wcProductRefSchema } from './schemas.js';

/** `woocommerce_rest_batch_items_limit` default: create + update + delete ≤ 100 per batch call. */
export const WC_BATCH_MAX = 100;
const SKU_LOOKUP_CHUNK = 50;

interface Target {
  item: StockPushItem;
  productId: number;
  variationId?: number;
}

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const numeric = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/** Listings without product ids are found by SKU (`GET /products?sku=a,b`); variations come back with their parent. */
async function resolveBySku(client: WcClient, items: StockPushItem[]): Promise<Map<string, { productId: number; variationId?: number }>> {
  const found = new Map<string, { productId: number; variationId?: number }>();
  for (const part of chunks(items, SKU_LOOKUP_CHUNK)) {
    const skus = part.map((i) => i.platformSku ?? i.skuCode);
    const res = await client.request('stock', 'GET', '/wc/v3/products', { sku: skus.join(','), per_page: 100 }, undefined, wcListSchema);
    for (const raw of res.data) {
      const p = parseItem(wcProductRefSchema, raw, 'product');
      if (!p.sku) continue;
      found.set(p.sku, p.parent_id ? { productId: p.parent_id, variationId: p.id } : { productId: p.id });
    }
  }
  return found;
}

async function sendBatch(client: WcClient, path: string, targets: Target[], failed: StockPushResult['failed']): Promise<void> {
  const idOf = (t: Target) => t.variationId ?? t.productId;
  // Delist at zero: a product leaves the catalogue (catalog_visibility hidden), a variation turns private.
  const listing = (t: Target) => {
    if (t.item.listed === undefined) return {};
    if (t.variationId) return { status: t.item.listed ? 'publish' : 'private' };
    return { catalog_visibility: t.item.listed ? 'visible' : 'hidden' };
  };
  const update = targets.map((t) => ({ id: idOf(t), manage_stock: true, stock_quantity: Math.max(0, Math.floor(t.item.quantity)), ...listing(t) }));
  try {
    const res = await client.request('stock', 'POST', path, {}, { update }, wcBatchResponseSchema);
    const errors = new Map<number, string>();
    for (const r of res.data.update ?? []) if (r.error && r.id !== undefined) errors.set(r.id, `${r.error.code}: ${r.error.message ?? ''}`.trim());
    for (const t of targets) {
      const e = errors.get(idOf(t));
      if (e) failed.push({ skuCode: t.item.skuCode, reason: e });
    }
  } catch (err) {
    // A refused batch (e.g. a deleted parent product) fails its items; throttling, outages and auth still throw.
    if (!(err instanceof ConnectorError) || (err.kind !== 'invalid' && err.kind !== 'not_found')) throw err;
    for (const t of targets) failed.push({ skuCode: t.item.skuCode, reason: err.message });
  }
}

/**
 * Absolute stock per listing through the batch endpoints: `products/batch` for simple products and
 * `products/{id}/variations/batch` per parent for variations, at most 100 updates per call.
 */
export async function pushStock(client: WcClient, items: StockPushItem[]): Promise<StockPushResult> {
  const failed: StockPushResult['failed'] = [];
  const targets: Target[] = [];
  const unresolved: StockPushItem[] = [];
  for (const item of items) {
    const productId = numeric(item.platformProductId);
    if (productId) targets.push({ item, productId, variationId: numeric(item.platformVariantId) });
    else unresolved.push(item);
  }
  if (unresolved.length) {
    const bySku = await resolveBySku(client, unresolved);
    for (const item of unresolved) {
      const hit = bySku.get(item.platformSku ?? item.skuCode);
      if (hit) targets.push({ item, ...hit });
      else failed.push({ skuCode: item.skuCode, reason: `no WooCommerce product with SKU ${item.platformSku ?? item.skuCode}` });
    }
  }
  const simple = targets.filter((t) => t.variationId === undefined);
  for (const part of chunks(simple, WC_BATCH_MAX)) await sendBatch(client, '/wc/v3/products/batch', part, failed);
  const byParent = new Map<number, Target[]>();
  for (const t of targets) if (t.variationId !== undefined) byParent.set(t.productId, [...(byParent.get(t.productId) ?? []), t]);
  for (const [parent, group] of byParent) {
    for (const part of chunks(group, WC_BATCH_MAX)) await sendBatch(client, `/wc/v3/products/${parent}/variations/batch`, part, failed);
  }
  return { failed };
}
