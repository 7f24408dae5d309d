import { createHash } from 'node:crypto';
import { connectorVersion } from '../../connectors/versions.js';
import type { Connector, NormalizedOrder, NormalizedRefund, QuarantinedRecord } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import { bulkWriteChunked } from '../db/bulk.js';
import type { QuarantineDoc } from '../db/models/quarantine.model.js';
import type { ShopDoc } from '../db/models/shop.model.js';

/** The exception code a quarantined record shows under in the exception queue. */
export const UNPARSEABLE_PLATFORM_RECORD = 'UNPARSEABLE_PLATFORM_RECORD';

/** One document per (shop, kind, record): the same bad record seen again updates it instead of piling up. */
export function quarantineId(shopId: string, kind: string, recordKey: string): string {
  return `qr_${createHash('sha256').update(`${shopId}\u0000${kind}\u0000${recordKey}`).digest('base64url').slice(0, 22)}`;
}

const keyOf = (r: QuarantinedRecord, rawJson: string) => r.platformRecordId ?? `raw:${createHash('sha256').update(rawJson).digest('hex')}`;

function toJson(raw: unknown): string {
  return JSON.stringify(raw, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
}

/** Stores the records a page set aside (upsert by id: seen again ⇒ lastSeenAt, attempts and error move on). */
export async function quarantine(ctx: Ctx, shop: ShopDoc, records: readonly QuarantinedRecord[]): Promise<void> {
  if (records.length === 0) return;
  const now = ctx.now();
  const version = connectorVersion(shop.platform);
  const ops = records.map((r) => {
    const rawJson = toJson(r.raw);
    return {
      updateOne: {
        filter: { _id: quarantineId(shop._id, r.kind, keyOf(r, rawJson)) },
        update: {
          $set: { rawJson, error: r.error.slice(0, 2000), connectorVersion: version, status: 'open' as const, lastSeenAt: now, platformOrderId: r.platformOrderId, platformRecordId: r.platformRecordId },
          $setOnInsert: { sellerId: shop.sellerId, shopId: shop._id, platform: shop.platform, kind: r.kind, firstSeenAt: now },
          $inc: { attempts: 1 },
          $unset: { resolvedAt: 1 as const },
        },
        upsert: true,
      },
    };
  });
  await bulkWriteChunked(ctx.models.Quarantine, ops, { ordered: false });
  ctx.log.warn({ shopId: shop._id, platform: shop.platform, count: records.length, first: records[0]!.error }, 'platform records quarantined');
}

/** Marks open records of orders that have now parsed as resolved (the platform or the connector fixed them). */
export async function resolveParsed(ctx: Ctx, shop: ShopDoc, orders: readonly NormalizedOrder[]): Promise<number> {
  if (orders.length === 0) return 0;
  const ids = orders.map((o) => quarantineId(shop._id, 'order', o.platformOrderId));
  const r = await ctx.models.Quarantine.updateMany({ _id: { $in: ids }, status: 'open' }, { $set: { status: 'resolved', resolvedAt: ctx.now() } });
  return r.modifiedCount;
}

export interface RetryOutcome {
  orders: NormalizedOrder[];
  refunds: NormalizedRefund[];
  resolved: number;
  stillBad: number;
}

/**
 * Parses again the shop's open records that an older connector version refused (after an upgrade). Records that
 * now parse are returned for ingestion and resolved; the others are stamped with the current version, so each
 * version tries a record once.
 */
export async function retryQuarantined(ctx: Ctx, shop: ShopDoc, connector: Connector): Promise<RetryOutcome> {
  const out: RetryOutcome = { orders: [], refunds: [], resolved: 0, stillBad: 0 };
  const version = connectorVersion(shop.platform);
  if (!connector.reparse) return out;
  const due = await ctx.models.Quarantine.find({ shopId: shop._id, status: 'open', connectorVersion: { $lt: version } }).limit(200).lean<QuarantineDoc[]>();
  for (const q of due) {
    const record: QuarantinedRecord = { kind: q.kind, platformRecordId: q.platformRecordId, platformOrderId: q.platformOrderId, raw: JSON.parse(q.rawJson) as unknown, error: q.error };
    const page = await connector.reparse(record);
    const bad = page.quarantined?.[0];
    if (bad || page.items.length + (page.refunds?.length ?? 0) === 0) {
      await ctx.models.Quarantine.updateOne({ _id: q._id }, { $set: { connectorVersion: version, error: (bad?.error ?? q.error).slice(0, 2000), lastSeenAt: ctx.now() }, $inc: { attempts: 1 } });
      out.stillBad++;
      continue;
    }
    out.orders.push(...page.items);
    out.refunds.push(...(page.refunds ?? []));
    await ctx.models.Quarantine.updateOne({ _id: q._id }, { $set: { status: 'resolved', resolvedAt: ctx.now(), connectorVersion: version } });
    out.resolved++;
  }
  return out;
}
