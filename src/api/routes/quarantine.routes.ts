import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { QuarantineDoc } from '../../db/models/quarantine.model.js';
import { notFound } from '../../errors.js';
import { UNPARSEABLE_PLATFORM_RECORD } from '../../services/quarantine.service.js';
import { sellerOf } from '../auth.js';
import { decodeCursor, encodeCursor } from '../pagination.js';

/** A quarantined platform record as an entry of the exception queue (reason UNPARSEABLE_PLATFORM_RECORD). */
export function quarantineView(q: QuarantineDoc) {
  return {
    id: q._id, kind: q.kind, shopId: q.shopId, platform: q.platform, platformOrderId: q.platformOrderId ?? null, platformRecordId: q.platformRecordId ?? null,
    reason: UNPARSEABLE_PLATFORM_RECORD, holds: [{ code: UNPARSEABLE_PLATFORM_RECORD, detail: q.error }], error: q.error, status: q.status,
    connectorVersion: q.connectorVersion, attempts: q.attempts, firstSeenAt: q.firstSeenAt, lastSeenAt: q.lastSeenAt, resolvedAt: q.resolvedAt ?? null,
  };
}

/**
 * Platform records that did not parse, in the exception queue beside held orders: what failed and where. They
 * are parsed again after a connector upgrade and resolved once they parse; `raw` is served one record at a time.
 */
export const quarantineRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  const query = z.object({
    shopId: z.string().max(100).optional(),
    status: z.enum(['open', 'resolved']).default('open'),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }).strict();
  app.get('/v1/exceptions/unparseable', { schema: { tags: ['orders'], summary: `Platform records quarantined as ${UNPARSEABLE_PLATFORM_RECORD}`, querystring: query } }, async (req) => {
    const seller = sellerOf(req);
    const filter: Record<string, unknown> = { sellerId: seller._id, status: req.query.status };
    if (req.query.shopId) filter.shopId = req.query.shopId;
    if (req.query.cursor) {
      const c = decodeCursor(req.query.cursor);
      filter.$or = [{ lastSeenAt: { $gt: c.updatedAt } }, { lastSeenAt: c.updatedAt, _id: { $gt: c.id } }];
    }
    const items = await ctx.models.Quarantine.find(filter, { rawJson: 0 }).sort({ lastSeenAt: 1, _id: 1 }).limit(req.query.limit).lean<QuarantineDoc[]>();
    const last = items.at(-1);
    return { items: items.map(quarantineView), nextCursor: last && items.length === req.query.limit ? encodeCursor(last.lastSeenAt, last._id) : null };
  });
  app.get('/v1/exceptions/unparseable/:id', { schema: { tags: ['orders'], params: z.object({ id: z.string().min(1).max(100) }) } }, async (req) => {
    const q = await ctx.models.Quarantine.findOne({ _id: req.params.id, sellerId: sellerOf(req)._id }).lean<QuarantineDoc>();
    if (!q) throw notFound('quarantined record', req.params.id);
    return { ...quarantineView(q), raw: JSON.parse(q.rawJson) as unknown };
  });
};
