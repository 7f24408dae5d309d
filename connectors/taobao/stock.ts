import { ConnectorError } from '../errors.js';
import type { StockPushItem, StockPushResult } from '../types.js';
import type { TopClient } from './client.js';
import { quantityUpdateSchema } from './schemas.js';

/** SKUs of one item per `taobao.skus.quantity.update` call (the platform's batch call is per item). */
export const SKUS_PER_CALL = 20;

const failure = (e: unknown): string | null => {
  if (!(e instanceof ConnectorError)) throw e;
  if (e.kind === 'auth' || e.retryable) throw e; // the whole push is retried or the shop stopped; nothing is dropped
  return e.message;
};

/**
 * Stock as an absolute value (type=1). SKUs of the same item go together through `taobao.skus.quantity.update`
 * (`skuid_quantities` / `outerid_quantities` as `id:qty;id:qty`); an item without SKUs through
 * `taobao.item.quantity.update`. A refused call marks its items failed; throttling and auth errors are thrown.
 */
export async function pushTopStock(client: TopClient, items: StockPushItem[]): Promise<StockPushResult> {
  const failed: StockPushResult['failed'] = [];
  const byItem = new Map<string, StockPushItem[]>();
  for (const i of items) {
    if (!i.platformProductId) failed.push({ skuCode: i.skuCode, reason: 'no Taobao num_iid (platformProductId) mapped for this SKU' });
    else if (!i.platformVariantId && i.platformSku && /[:;]/.test(i.platformSku)) failed.push({ skuCode: i.skuCode, reason: 'outer id contains ":" or ";"' });
    else byItem.set(i.platformProductId, [...(byItem.get(i.platformProductId) ?? []), i]);
  }
  for (const [numIid, group] of byItem) {
    const plain = group.filter((i) => !i.platformVariantId && !i.platformSku);
    const skus = group.filter((i) => i.platformVariantId || i.platformSku);
    for (const i of plain) {
      try {
        await client.call('taobao.item.quantity.update', { num_iid: numIid, quantity: Math.max(0, i.quantity), type: 1 }, quantityUpdateSchema);
      } catch (e) {
        failed.push({ skuCode: i.skuCode, reason: failure(e)! });
      }
    }
    for (let at = 0; at < skus.length; at += SKUS_PER_CALL) {
      const chunk = skus.slice(at, at + SKUS_PER_CALL);
      const pairs = (pick: (i: StockPushItem) => string | undefined) =>
        chunk.filter(pick).map((i) => `${pick(i)}:${Math.max(0, i.quantity)}`).join(';') || undefined;
      try {
        await client.call('taobao.skus.quantity.update', {
          num_iid: numIid, type: 1,
          skuid_quantities: pairs((i) => i.platformVariantId),
          outerid_quantities: pairs((i) => (i.platformVariantId ? undefined : i.platformSku)),
        }, quantityUpdateSchema);
      } catch (e) {
        const reason = failure(e)!;
        failed.push(...chunk.map((i) => ({ skuCode: i.skuCode, reason })));
      }
    }
  }
  return { failed };
}
