import { ConnectorError } from '../errors.js';
import type { StockPushItem, StockPushResult } from '../types.js';
import type { PddClient } from './client.js';
import { quantityUpdateSchema } from './schemas.js';

/**
 * `pdd.goods.quantity.update` (update_type 1 = full overwrite) one SKU per call: PDD has no bulk stock call, so a
 * burst becomes one throttled call per distinct SKU (the last quantity given for a SKU wins). A refused SKU is
 * reported in `failed`; throttling that outlasts the retries and auth errors are thrown so nothing is dropped.
 */
export async function pushPddStock(client: PddClient, items: StockPushItem[]): Promise<StockPushResult> {
  const failed: StockPushResult['failed'] = [];
  const latest = new Map<string, StockPushItem>();
  for (const i of items) {
    if (!i.platformProductId || !(i.platformVariantId || i.platformSku)) {
      failed.push({ skuCode: i.skuCode, reason: 'no PDD goods_id and sku_id/outer_id mapped for this SKU' });
      continue;
    }
    latest.set(`${i.platformProductId}:${i.platformVariantId ?? `outer:${i.platformSku}`}`, i);
  }
  for (const i of latest.values()) {
    try {
      const r = await client.call('pdd.goods.quantity.update', 'goods_quantity_update_response', {
        goods_id: i.platformProductId, sku_id: i.platformVariantId, outer_id: i.platformVariantId ? undefined : i.platformSku,
        quantity: Math.max(0, i.quantity), update_type: 1,
      }, quantityUpdateSchema);
      if (r.is_success === false) failed.push({ skuCode: i.skuCode, reason: 'PDD answered is_success=false' });
    } catch (e) {
      if (!(e instanceof ConnectorError) || e.kind === 'auth' || e.retryable) throw e;
      failed.push({ skuCode: i.skuCode, reason: e.message });
    }
  }
  return { failed };
}
