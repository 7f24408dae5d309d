import type { FastifyInstance } from 'fastify';
import { spError } from './auth.js';
import type { SpRoute } from './server.js';
import type { FakeAmazonState, Raw } from './state.js';

const TWO_MIN = 120_000;
const DAY = 24 * 3600_000;
const FEED_MAX_MESSAGES = 10_000;

/** Finances v0 refund events, Listings Items PATCH, and the Feeds flow (document, pre-signed upload, feed). */
export function registerListingRoutes(app: FastifyInstance, state: FakeAmazonState, sp: SpRoute, baseUrl: () => string): void {
  app.get('/finances/v0/financialEvents', sp('listFinancialEvents', (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    let start: number;
    let end: number;
    let offset = 0;
    if (q.NextToken) {
      const [s, e, o] = q.NextToken.split('.').map(Number);
      if (s === undefined || e === undefined || o === undefined || [s, e, o].some(Number.isNaN)) return spError(reply, 400, 'InvalidInput', 'Invalid NextToken');
      [start, end, offset] = [s, e, o];
    } else {
      start = Date.parse(q.PostedAfter ?? '');
      end = q.PostedBefore ? Date.parse(q.PostedBefore) : state.clock().getTime() - TWO_MIN;
      if (Number.isNaN(start) || Number.isNaN(end) || end < start) return spError(reply, 400, 'InvalidInput', 'PostedAfter/PostedBefore are not valid');
      if (end > state.clock().getTime() - TWO_MIN) return spError(reply, 400, 'InvalidInput', 'PostedBefore must be no later than two minutes before the request');
    }
    const max = Number(q.MaxResultsPerPage ?? 100);
    // Amazon returns nothing at all for a range longer than 180 days.
    const events = end - start > 180 * DAY ? [] : state.refundEvents
      .filter((e) => { const at = Date.parse(String(e.PostedDate)); return at >= start && at < end; })
      .sort((a, b) => String(a.PostedDate).localeCompare(String(b.PostedDate)));
    const page = events.slice(offset, offset + max);
    const payload: Raw = { FinancialEvents: { RefundEventList: page, ShipmentEventList: [] } };
    if (offset + max < events.length) payload.NextToken = `${start}.${end}.${offset + max}`;
    return { payload };
  }));

  app.patch('/listings/2021-08-01/items/:sellerId/:sku', sp('patchListingsItem', (req, reply) => {
    const { sku } = req.params as { sellerId: string; sku: string };
    const body = (req.body ?? {}) as { productType?: string; patches?: { op?: string; path?: string; value?: { quantity?: number }[] }[] };
    if (!(req.query as Record<string, string>).marketplaceIds) return spError(reply, 400, 'InvalidInput', 'Missing required parameter marketplaceIds');
    if (!body.productType || !body.patches?.length) return spError(reply, 400, 'InvalidInput', 'productType and patches are required');
    state.patches.push({ sku, body: body as Raw });
    const listing = state.listings.get(sku);
    const submissionId = state.nextId('sub');
    if (!listing) return { sku, status: 'INVALID', submissionId, issues: [{ code: '8541', message: `SKU ${sku} does not exist`, severity: 'ERROR' }] };
    const p = body.patches.find((x) => x.path === '/attributes/fulfillment_availability');
    const qty = p?.value?.[0]?.quantity;
    if (!p || !['replace', 'merge', 'add'].includes(String(p.op)) || !Number.isInteger(qty) || qty! < 0) {
      return { sku, status: 'INVALID', submissionId, issues: [{ code: '90220', message: 'fulfillment_availability.quantity is invalid', severity: 'ERROR' }] };
    }
    listing.quantity = qty!;
    return { sku, status: 'ACCEPTED', submissionId, issues: [] };
  }));

  app.post('/feeds/2021-06-30/documents', sp('createFeedDocument', (req, reply) => {
    const contentType = (req.body as { contentType?: string } | undefined)?.contentType;
    if (!contentType) return spError(reply, 400, 'InvalidInput', 'contentType is required');
    const id = state.nextId('amzn1.tortuga.4.na.');
    state.feedDocuments.set(id, { contentType });
    return reply.code(201).send({ feedDocumentId: id, url: `${baseUrl()}/upload/${encodeURIComponent(id)}?X-Amz-Signature=fake` });
  }));

  // The pre-signed S3 URL: no SP-API token, but the Content-Type must be the one declared for the document.
  app.addContentTypeParser('application/json; charset=UTF-8', { parseAs: 'string' }, (req, body, done) => {
    if (req.method === 'PUT') return done(null, body);
    try { done(null, JSON.parse(body as string)); } catch (e) { done(e as Error); }
  });
  app.put('/upload/:id', async (req, reply) => {
    const doc = state.feedDocuments.get((req.params as { id: string }).id);
    if (!doc) return reply.code(404).send('NoSuchKey');
    if (req.headers['content-type'] !== doc.contentType) return reply.code(403).send('SignatureDoesNotMatch');
    doc.body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return reply.code(200).send();
  });

  app.post('/feeds/2021-06-30/feeds', sp('createFeed', (req, reply) => {
    const b = (req.body ?? {}) as { feedType?: string; marketplaceIds?: string[]; inputFeedDocumentId?: string };
    const doc = b.inputFeedDocumentId ? state.feedDocuments.get(b.inputFeedDocumentId) : undefined;
    if (!b.feedType || !b.marketplaceIds?.length || !doc?.body) return spError(reply, 400, 'InvalidInput', 'feedType, marketplaceIds and an uploaded inputFeedDocumentId are required');
    let document: Raw;
    try { document = JSON.parse(doc.body) as Raw; } catch { return spError(reply, 400, 'InvalidInput', 'feed document is not JSON'); }
    const messages = (document.messages ?? []) as Raw[];
    if (messages.length > FEED_MAX_MESSAGES) return spError(reply, 400, 'InvalidInput', `at most ${FEED_MAX_MESSAGES} messages per feed`);
    const feedId = state.nextId('FEED');
    state.feeds.push({ feedId, feedType: b.feedType, document, marketplaceIds: b.marketplaceIds });
    // Processed at once here; Amazon takes minutes and reports per message in the processing report.
    for (const m of messages) {
      const listing = state.listings.get(String(m.sku));
      const fa = ((m.attributes as Raw | undefined)?.fulfillment_availability as { quantity?: number }[] | undefined)?.[0];
      if (listing && Number.isInteger(fa?.quantity)) listing.quantity = fa!.quantity!;
    }
    return reply.code(202).send({ feedId });
  }));
}
