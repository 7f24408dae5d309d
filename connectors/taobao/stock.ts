import { ConnectorError } from '../errors.js';
import type { StockPushItem, StockPushResult } from '../types.js';
import type { TopClient } from './client.js';
import { quantityUpdateSchema } from './schemas.js';

/*
 * Taobao stock write-back, facts (PLATFORMS.md style; [S] = official doc pages as stored copies:
 * open.alitrip.com/docs/api.htm?apiId=38499 taobao.skus.quantity.update(.tmall), developer.alibaba.com/docs/api.htm?apiId=38973
 * taobao.item.quantity.update(.tmall); the plain and the .tmall names share the parameters):
 * - `taobao.skus.quantity.update` [S]: `num_iid` (required), `skuid_quantities` = `skuId:qty;skuId:qty`, or
 *   `outerid_quantities` = `outerId:qty;…` (merchant codes). At most 20 SKUs per call, of ONE item. `outerid_quantities`
 *   is IGNORED whenever `skuid_quantities` is non-empty, so SKUs addressed by id and by merchant code go in separate
 *   calls. An outer id matching several SKUs of the item updates all of them.
 * - `type` [S]: 1 = full overwrite (default), 2 = delta. Full with a negative quantity is an error; a delta below the
 *   current stock sets 0. The hub sends 1 (absolute values), so repeating a call is harmless (no idempotency key needed).
 * - `taobao.item.quantity.update` [S]: one item or one SKU per call (`num_iid`, `sku_id` or `outer_id` — `sku_id` wins —,
 *   `quantity` ≥ 0 for full updates, `type`); used here for items without SKUs.
 * - Responses [S]: `skus_quantity_update_response{item{num_iid,num,modified,skus{sku[{sku_id,quantity,modified}]}}}`,
 *   `item_quantity_update_response{item{…}}`. Errors as `error_response`; the documented example is code 50
 *   "Remote service error" with sub_code `isv.invalid-parameter` (非法参数); an unknown item answers an `isv.*`
 *   sub_code: a caller error for the whole call (every SKU in it is reported failed), while `isp.*` and throttling
 *   (code 7) are retried. Per-SKU results are not given: a refused call fails all its SKUs.
 */

/** SKUs of one item per `taobao.skus.quantity.update` call (documented maximum). */
export const SKUS_PER_CALL = 20;

const failure = (e: unknown): string | null => {
  if (!(e instanceof ConnectorError)) throw e;
  if (e.kind === 'auth' || e.retryable) throw e; // the whole push is retried or the shop stopped; nothing is dropped
  return e.message;
};

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

/**
 * Stock as an absolute value (type=1). SKUs of the same item go together through `taobao.skus.quantity.update`,
 * those with a sku_id in `skuid_quantities` calls and those known only by merchant code in separate
 * `outerid_quantities` calls; an item without SKUs through `taobao.item.quantity.update`. A refused call marks its
 * items failed; throttling and auth errors are thrown.
 */
export async function pushTopStock(client: TopClient, items: StockPushItem[]): Promise<StockPushResult> {
  const failed: StockPushResult['failed'] = [];
  const byItem = new Map<string, StockPushItem[]>();
  for (const i of items) {
    if (!i.platformProductId) failed.push({ skuCode: i.skuCode, reason: 'no Taobao num_iid (platformProductId) mapped for this SKU' });
    else if (!i.platformVariantId && i.platformSku && /[:;]/.test(i.platformSku)) failed.push({ skuCode: i.skuCode, reason: 'outer id contains ":" or ";"' });
    else byItem.set(i.platformProductId, [...(byItem.get(i.platformProductId) ?? []), i]);
  }
  const qty = (i: StockPushItem) => Math.max(0, i.quantity);
  for (const [numIid, group] of byItem) {
    for (const i of group.filter((x) => !x.platformVariantId && !x.platformSku)) {
      try {
        await client.call('taobao.item.quantity.update', { num_iid: numIid, quantity: qty(i), type: 1 }, quantityUpdateSchema);
      } catch (e) {
        failed.push({ skuCode: i.skuCode, reason: failure(e)! });
      }
    }
    const byId = group.filter((i) => i.platformVariantId);
    const byOuter = group.filter((i) => !i.platformVariantId && i.platformSku);
    const calls = [
      ...chunks(byId, SKUS_PER_CALL).map((c) => ({ chunk: c, param: { skuid_quantities: c.map((i) => `${i.platformVariantId}:${qty(i)}`).join(';') } })),
      ...chunks(byOuter, SKUS_PER_CALL).map((c) => ({ chunk: c, param: { outerid_quantities: c.map((i) => `${i.platformSku}:${qty(i)}`).join(';') } })),
    ];
    for (const { chunk, param } of calls) {
      try {
        await client.call('taobao.skus.quantity.update', { num_iid: numIid, type: 1, ...param }, quantityUpdateSchema);
      } catch (e) {
        const reason = failure(e)!;
        failed.push(...chunk.map((i) => ({ skuCode: i.skuCode, reason })));
      }
    }
  }
  return { failed };
}
