import { ConnectorError } from '../errors.js';
import type { StockPushItem, StockPushResult } from '../types.js';
import type { ShopeeClient } from './client.js';
import { unlistItemSchema, updateStockSchema } from './schemas.js';

/** update_stock takes one item_id and 1..50 of its models per call. */
export const STOCK_MODELS_PER_CALL = 50;

/**
 * Sets seller stock (absolute) per listing: groups the items by Shopee item_id (platformProductId), model_id
 * from platformVariantId (0 = no variations), 50 models per call. Per-model refusals (`failure_list`) and
 * calls Shopee refuses outright are reported in `failed`; throttling, auth and outages are thrown so the
 * whole push is retried (setting absolute stock twice is harmless).
 */
export async function pushShopeeStock(client: ShopeeClient, items: StockPushItem[]): Promise<StockPushResult> {
  const failed: StockPushResult['failed'] = [];
  const byItem = new Map<string, StockPushItem[]>();
  for (const it of items) {
    if (!it.platformProductId || !/^\d+$/.test(it.platformProductId)) {
      failed.push({ skuCode: it.skuCode, reason: 'no Shopee item_id (platformProductId) mapped to this listing' });
      continue;
    }
    if (it.platformVariantId && !/^\d+$/.test(it.platformVariantId)) {
      failed.push({ skuCode: it.skuCode, reason: `model_id ${it.platformVariantId} is not a Shopee model id` });
      continue;
    }
    byItem.set(it.platformProductId, [...(byItem.get(it.platformProductId) ?? []), it]);
  }
  for (const [itemId, group] of byItem) {
    for (let i = 0; i < group.length; i += STOCK_MODELS_PER_CALL) {
      const chunk = group.slice(i, i + STOCK_MODELS_PER_CALL);
      const modelOf = (it: StockPushItem) => it.platformVariantId ?? '0';
      try {
        const r = await client.post('/api/v2/product/update_stock', {
          item_id: Number(itemId),
          stock_list: chunk.map((it) => ({ model_id: Number(modelOf(it)), seller_stock: [{ stock: Math.max(0, Math.floor(it.quantity)) }] })),
        }, updateStockSchema);
        const bad = new Map((r.failure_list ?? []).map((f) => [f.model_id, f.failed_reason]));
        for (const it of chunk) {
          const reason = bad.get(modelOf(it));
          if (reason !== undefined) failed.push({ skuCode: it.skuCode, reason });
        }
      } catch (e) {
        if (!(e instanceof ConnectorError) || (e.kind !== 'invalid' && e.kind !== 'not_found')) throw e;
        for (const it of chunk) failed.push({ skuCode: it.skuCode, reason: e.message });
      }
    }
  }
  failed.push(...(await listing(client, items.filter((it) => it.listed !== undefined && byItem.has(it.platformProductId ?? '') && !failed.some((f) => f.skuCode === it.skuCode)))));
  return { failed };
}

/** unlist_item takes at most 48 items per call. */
const UNLIST_PER_CALL = 48;

/**
 * List/delist at zero: `product/unlist_item` per Shopee item (an item stays listed while any of its models
 * is listed). Refusals (e.g. an item under promotion) come back per item in `failed`.
 */
async function listing(client: ShopeeClient, items: StockPushItem[]): Promise<StockPushResult['failed']> {
  const failed: StockPushResult['failed'] = [];
  const byItem = new Map<string, { listed: boolean; skuCodes: string[] }>();
  for (const it of items) {
    const cur = byItem.get(it.platformProductId!) ?? { listed: false, skuCodes: [] };
    byItem.set(it.platformProductId!, { listed: cur.listed || it.listed === true, skuCodes: [...cur.skuCodes, it.skuCode] });
  }
  const all = [...byItem];
  for (let i = 0; i < all.length; i += UNLIST_PER_CALL) {
    const chunk = all.slice(i, i + UNLIST_PER_CALL);
    const r = await client.post('/api/v2/product/unlist_item', { item_list: chunk.map(([itemId, p]) => ({ item_id: Number(itemId), unlist: !p.listed })) }, unlistItemSchema);
    const bad = new Map((r.failure_list ?? []).map((f) => [f.item_id, f.failed_reason]));
    for (const [itemId, p] of chunk) {
      const reason = bad.get(itemId);
      if (reason !== undefined) for (const skuCode of p.skuCodes) failed.push({ skuCode, reason: `unlist_item: ${reason}` });
    }
  }
  return failed;
}
