import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { warnExpiringApiVersion } from '../../src/services/api-versions.service.js';
import { runImport } from '../../src/services/import.service.js';
import { FakePlatform } from '../helpers/fake-connector.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { insertShop, normalizedOrder } from '../helpers/orders.js';

/** Issue 10 item 3: one bad record is quarantined, the rest of the import goes on, and it is retried after an upgrade. */
let hub: TestHub;
let auth: { authorization: string };
let shop: ShopDoc;
const platform = new FakePlatform();
const at = new Date(Date.now() - 3_600_000);

beforeAll(async () => {
  hub = await startTestHub();
  Object.assign(hub.rt.ctx, { connectorFor: () => platform });
  const s = await hub.newSeller();
  auth = s.auth;
  shop = await insertShop(hub.rt.ctx, s.id, 'shop_quar1');
});
afterAll(async () => hub.close());

const exceptions = async () => (await hub.app.inject({ method: 'GET', url: '/v1/exceptions/unparseable', headers: auth })).json<{ items: { id: string; reason: string; platformOrderId: string; error: string; holds: { code: string }[] }[] }>().items;

describe('quarantine of unparseable platform records', () => {
  it('stores the bad record with its error, imports the rest of the page, and keeps pulling', async () => {
    for (let i = 0; i < 5; i++) platform.upsert(normalizedOrder({ platformOrderId: `Q${i}`, platformUpdatedAt: at }));
    platform.badRecords = [{ kind: 'order', platformRecordId: 'QBAD', platformOrderId: 'QBAD', raw: { id: 'QBAD', paymentGatewayNames: null }, error: 'paymentGatewayNames: expected array, received null' }];
    const first = await runImport(hub.rt.ctx, { shopId: shop._id, reason: 'manual' });
    expect(first).toMatchObject({ outcome: 'done', created: 5, quarantined: 1 });
    const again = await runImport(hub.rt.ctx, { shopId: shop._id, reason: 'manual' });
    expect(again.outcome).toBe('done'); // the same bad record does not stop the shop's import
    expect(await hub.rt.ctx.models.Quarantine.countDocuments({ shopId: shop._id })).toBe(1); // seen twice, stored once
    const list = await exceptions();
    expect(list).toMatchObject([{ reason: 'UNPARSEABLE_PLATFORM_RECORD', platformOrderId: 'QBAD', holds: [{ code: 'UNPARSEABLE_PLATFORM_RECORD' }] }]);
    expect(list[0]!.error).toMatch(/paymentGatewayNames/);
    const one = (await hub.app.inject({ method: 'GET', url: `/v1/exceptions/unparseable/${list[0]!.id}`, headers: auth })).json<{ raw: unknown }>();
    expect(one.raw).toEqual({ id: 'QBAD', paymentGatewayNames: null });
    const other = await hub.newSeller('Other');
    expect((await hub.app.inject({ method: 'GET', url: `/v1/exceptions/unparseable/${list[0]!.id}`, headers: other.auth })).statusCode).toBe(404);
  });

  it('parses it again once the connector version is newer, imports it and resolves the exception', async () => {
    platform.badRecords = [];
    // Stored by an older connector version; this one parses it.
    await hub.rt.ctx.models.Quarantine.updateMany({ shopId: shop._id }, { $set: { connectorVersion: 0 } });
    platform.reparsed.set('QBAD', normalizedOrder({ platformOrderId: 'QBAD', platformUpdatedAt: at }));
    const r = await runImport(hub.rt.ctx, { shopId: shop._id, reason: 'manual' });
    expect(r).toMatchObject({ outcome: 'done', created: 1 });
    expect(await hub.rt.ctx.models.Order.countDocuments({ shopId: shop._id, platformOrderId: 'QBAD' })).toBe(1);
    expect(await exceptions()).toEqual([]);
    // Resolved records are not parsed again.
    platform.calls.length = 0;
    await runImport(hub.rt.ctx, { shopId: shop._id, reason: 'manual' });
    expect(platform.calls.filter((c) => c.op === 'reparse')).toEqual([]);
  });

  it('records a shop event once when its platform API version nears its end of support', async () => {
    const later = { ...hub.rt.ctx, now: () => new Date('2027-08-15T00:00:00Z') };
    const shopifyShop = { ...shop, platform: 'shopify' as const };
    await warnExpiringApiVersion(later, shopifyShop);
    await warnExpiringApiVersion(later, shopifyShop);
    const events = await hub.rt.ctx.models.Event.find({ type: 'shop.api_version_expiring', 'subject.id': shop._id }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ platform: 'shopify', endOfSupport: '2027-10-01', daysLeft: 47 });
  });
});
