import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { ConnectorError } from '../../../connectors/errors.js';
import type { Ctx } from '../../context.js';
import type { ShopDoc } from '../../db/models/shop.model.js';
import { AppError } from '../../errors.js';
import { assertFresh, recordReceipt } from '../../services/webhook-receipts.js';

/**
 * Incoming platform webhooks: the fast path, never the only one. The URL carries the shop's webhook token; the
 * body is verified with the platform's signature on the raw bytes before anything is parsed or stored. A
 * redelivery or replay (same signed content, whatever the unsigned id headers say) is acknowledged without
 * effect; a body older than the platform's replay window is refused; WooCommerce's unsigned ping is answered
 * and nothing is stored. A webhook naming an order reads that order from the platform at once.
 */
export const webhookRoutes = (ctx: Ctx): FastifyPluginAsync => async (app) => {
  // Signatures are over the exact bytes: no JSON parser may touch the body in this scope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post<{ Params: { platform: string; token: string } }>('/webhooks/:platform/:token', { schema: { hide: true } }, async (req, reply) => {
    const shop = await ctx.models.Shop.findOne({ webhookToken: req.params.token, platform: req.params.platform }).lean<ShopDoc>();
    if (!shop) throw new AppError('NOT_FOUND', 'unknown webhook endpoint');
    const connector = ctx.connectorFor(shop);
    if (!connector.parseWebhook) throw new AppError('NOT_FOUND', `${shop.platform} shops take no webhooks`);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const base = ctx.config.PUBLIC_URL ?? `${req.protocol}://${req.host}`;
    let event;
    try {
      event = connector.parseWebhook({ headers: req.headers as Record<string, string | undefined>, rawBody, url: `${base}${req.url}` });
    } catch (err) {
      if (err instanceof ConnectorError && (err.kind === 'invalid_signature' || err.kind === 'invalid_payload')) {
        req.log.warn({ shopId: shop._id, kind: err.kind }, 'webhook rejected');
        throw new AppError('INVALID_SIGNATURE', 'webhook signature does not verify');
      }
      throw err;
    }
    if (event.ping) return reply.status(200).send({ accepted: true, ping: true });
    assertFresh(shop.platform, event, ctx.now());
    if (!(await recordReceipt(ctx, shop, event))) return reply.status(200).send({ accepted: true, duplicate: true });
    if (event.platformOrderId && connector.fetchOrder) {
      // Fast path: read that one order (and its refunds) from the platform at once.
      const key = createHash('sha1').update(`${event.platformOrderId}\u0000${event.eventId}`).digest('hex').slice(0, 20);
      await ctx.jobs.add('import', { shopId: shop._id, reason: 'webhook', platformOrderId: event.platformOrderId }, { jobId: `import:${shop._id}:wh-${key}` });
      return reply.status(202).send({ accepted: true });
    }
    const slot = Math.floor(ctx.now().getTime() / 2000);
    // Pull once the platform's index has settled past the change the webhook announced.
    const delay = connector.capabilities.settleLagSeconds * 1000 + 500;
    await ctx.jobs.add('import', { shopId: shop._id, reason: 'webhook' }, { jobId: `import:${shop._id}:wh-${slot}`, delay });
    return reply.status(202).send({ accepted: true });
  });
};
