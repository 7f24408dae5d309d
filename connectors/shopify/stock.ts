import { ConnectorError } from '../errors.js';
import type { StockPushItem, StockPushResult } from '../types.js';
import type { ShopifyClient } from './client.js';
import { gid } from './ids.js';
import * as q from './queries.js';
import { inventorySetSchema, primaryLocationSchema, productStatusSchema, variantNodesSchema, variantsBySkuSchema, type VariantNode } from './schemas.js';

/** Shopify caps input lists at 250 entries; one inventorySetQuantities call sets up to that many levels. */
export const STOCK_BATCH_MAX = 250;
const SKUS_PER_SEARCH = 50;

type Failed = StockPushResult['failed'];
type Target = { item: StockPushItem; inventoryItemId: string };

const skuOf = (i: StockPushItem) => i.platformSku ?? i.skuCode;
const searchTerm = (sku: string) => `sku:"${sku.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/**
 * Sets "available" stock at one location: variants are resolved to inventory items (by variant id where the
 * listing mapping has one, else by SKU search; several variants sharing a SKU are all set), then every level
 * of a chunk is set by one `inventorySetQuantities` call. Items Shopify refuses come back in `failed`.
 */
export class StockPusher {
  private locationId: string | undefined;

  constructor(private readonly client: ShopifyClient, configuredLocationId: string | undefined) {
    this.locationId = configuredLocationId ? gid('Location', configuredLocationId) : undefined;
  }

  async push(items: StockPushItem[]): Promise<StockPushResult> {
    const failed: Failed = [];
    for (let i = 0; i < items.length; i += STOCK_BATCH_MAX) {
      failed.push(...(await this.pushChunk(items.slice(i, i + STOCK_BATCH_MAX))));
    }
    failed.push(...(await this.listing(items.filter((i) => i.listed !== undefined && !failed.some((f) => f.skuCode === i.skuCode)))));
    return { failed };
  }

  /** List/delist at zero: the product goes to DRAFT (off sale) or back to ACTIVE, once per product. */
  private async listing(items: StockPushItem[]): Promise<Failed> {
    const failed: Failed = [];
    const byProduct = new Map<string, { listed: boolean; skuCodes: string[] }>();
    for (const i of items) {
      if (!i.platformProductId) {
        failed.push({ skuCode: i.skuCode, reason: 'no Shopify product id to list or delist' });
        continue;
      }
      const p = byProduct.get(i.platformProductId) ?? { listed: false, skuCodes: [] };
      // A product stays on sale while any of its variants is listed.
      byProduct.set(i.platformProductId, { listed: p.listed || i.listed === true, skuCodes: [...p.skuCodes, i.skuCode] });
    }
    for (const [productId, p] of byProduct) {
      const res = await this.client.request('product-status', q.PRODUCT_STATUS, { product: { id: gid('Product', productId), status: p.listed ? 'ACTIVE' : 'DRAFT' } }, productStatusSchema, q.MUTATION_COST);
      const err = res.productUpdate.userErrors[0];
      if (err) for (const skuCode of p.skuCodes) failed.push({ skuCode, reason: `productUpdate: ${err.message}` });
    }
    return failed;
  }

  private async pushChunk(items: StockPushItem[]): Promise<Failed> {
    const { targets, failed } = await this.resolve(items);
    if (targets.length === 0) return failed;
    const locationId = await this.location();
    let pending = targets;
    for (let round = 0; round < 2 && pending.length > 0; round++) {
      const res = await this.client.request('inventory-set', q.INVENTORY_SET, {
        input: {
          name: 'available',
          reason: 'correction',
          ignoreCompareQuantity: true,
          quantities: pending.map((t) => ({ inventoryItemId: t.inventoryItemId, locationId, quantity: Math.max(0, Math.floor(t.item.quantity)) })),
        },
      }, inventorySetSchema, q.MUTATION_COST + pending.length);
      const errs = res.inventorySetQuantities.userErrors;
      if (errs.length === 0) return failed;
      // Errors point at `input.quantities.<index>…`: drop those items and send the rest once more.
      const bad = new Map<number, string>();
      for (const e of errs) {
        const idx = Number(e.field?.[2]);
        if (e.field?.[1] === 'quantities' && Number.isInteger(idx)) bad.set(idx, `${e.code ?? 'error'}: ${e.message}`);
        else for (let k = 0; k < pending.length; k++) bad.set(k, `${e.code ?? 'error'}: ${e.message}`);
      }
      for (const [idx, reason] of bad) {
        const t = pending[idx];
        if (t) failed.push({ skuCode: t.item.skuCode, reason });
      }
      pending = pending.filter((_, k) => !bad.has(k));
    }
    return failed;
  }

  private async resolve(items: StockPushItem[]): Promise<{ targets: Target[]; failed: Failed }> {
    const targets: Target[] = [];
    const failed: Failed = [];
    const byVariant = items.filter((i) => i.platformVariantId);
    if (byVariant.length > 0) {
      const r = await this.client.request('variants', q.VARIANTS_BY_ID_QUERY, { ids: byVariant.map((i) => gid('ProductVariant', i.platformVariantId!)) }, variantNodesSchema, q.variantsByIdCost(byVariant.length));
      byVariant.forEach((item, k) => {
        const v = r.nodes[k];
        if (v) targets.push({ item, inventoryItemId: v.inventoryItem.id });
        else failed.push({ skuCode: item.skuCode, reason: `no Shopify variant ${item.platformVariantId}` });
      });
    }
    const bySku = items.filter((i) => !i.platformVariantId);
    for (let i = 0; i < bySku.length; i += SKUS_PER_SEARCH) {
      const group = bySku.slice(i, i + SKUS_PER_SEARCH);
      const found = await this.variantsBySku(group.map(skuOf));
      for (const item of group) {
        const vs = found.filter((v) => v.sku === skuOf(item));
        if (vs.length === 0) failed.push({ skuCode: item.skuCode, reason: `no Shopify variant with SKU ${skuOf(item)}` });
        for (const v of vs) targets.push({ item, inventoryItemId: v.inventoryItem.id });
      }
    }
    return { targets, failed };
  }

  private async variantsBySku(skus: string[]): Promise<VariantNode[]> {
    const first = 250;
    const r = await this.client.request('variants-by-sku', q.VARIANTS_BY_SKU_QUERY, { first, query: skus.map(searchTerm).join(' OR ') }, variantsBySkuSchema, q.variantsBySkuCost(first));
    return r.productVariants.nodes;
  }

  /** The configured location, else the shop's primary location (asked once per connector). */
  private async location(): Promise<string> {
    if (this.locationId) return this.locationId;
    const r = await this.client.request('primary-location', q.PRIMARY_LOCATION_QUERY, {}, primaryLocationSchema, 2);
    if (!r.location) throw new ConnectorError('invalid', 'shopify shop has no primary location to set stock at');
    this.locationId = r.location.id;
    return this.locationId;
  }
}
