import { expiringVersions } from '../../connectors/versions.js';
import type { Platform } from '../../connectors/types.js';
import type { Ctx } from '../context.js';
import type { ShopDoc } from '../db/models/shop.model.js';
import type { Logger } from '../logger.js';
import { appendEvents } from './events.js';

/** Days before a pinned platform API version's end of support from which the hub warns. */
export const VERSION_WARNING_DAYS = 60;

/** At start-up: one warning per pinned version within 60 days of its end of support (or past it). */
export function warnExpiringApiVersions(log: Pick<Logger, 'warn'>, now: Date, platforms?: readonly Platform[]): number {
  const found = expiringVersions(now, VERSION_WARNING_DAYS, platforms);
  for (const v of found) log.warn({ ...v }, 'pinned platform api version near its end of support');
  return found.length;
}

/** Per shop: a `shop.api_version_expiring` event (once per shop and version: the event id is stable). */
export async function warnExpiringApiVersion(ctx: Ctx, shop: ShopDoc): Promise<void> {
  const found = expiringVersions(ctx.now(), VERSION_WARNING_DAYS, [shop.platform]);
  if (found.length === 0) return;
  await appendEvents(ctx.models, found.map((v) => ({
    _id: `shop.api_version_expiring:${shop._id}:${v.api}:${v.version}`,
    sellerId: shop.sellerId,
    type: 'shop.api_version_expiring',
    subject: { kind: 'shop', id: shop._id },
    data: { platform: v.platform, api: v.api, version: v.version, endOfSupport: v.endOfSupport, daysLeft: v.daysLeft },
  })), ctx.now());
}
