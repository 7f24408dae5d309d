import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureShopeeTokenStore, definition } from '../../connectors/shopee/index.js';
import { decryptJson } from '../../src/crypto.js';
import type { ShopDoc } from '../../src/db/models/shop.model.js';
import { runImport } from '../../src/services/import.service.js';
import { credentialSaver } from '../../src/services/shops.service.js';
import { startShopeeFake, type ShopeeFake } from '../fakes/shopee/server.js';
import { fakeOrder } from '../fakes/shopee/state.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

const PARTNER_ID = 2_000_002;
const PARTNER_KEY = 'hub_partner_key_0123';
const SHOPEE_SHOP_ID = 600_100;
const REFRESH = '/api/v2/auth/access_token/get';
const LIST = '/api/v2/order/get_order_list';

let hub: TestHub;
let fake: ShopeeFake;
let auth: { authorization: string };
const accessToken = `access-${randomUUID()}`;
const refreshToken = `refresh-${randomUUID()}`;

beforeAll(async () => {
  // No process-memory fallback: whatever the next job knows of the tokens must come from the shop record.
  configureShopeeTokenStore({ get: async () => undefined, set: async () => {} });
  fake = await startShopeeFake({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, shopId: SHOPEE_SHOP_ID, accessToken, refreshToken });
  hub = await startTestHub();
  auth = (await hub.newSeller()).auth;
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

describe('connector credentials', () => {
  it('a Shopee token refresh is saved, encrypted, to the shop, and the next job uses the rotated pair', async () => {
    const res = await hub.app.inject({
      method: 'POST', url: '/v1/shops', headers: auth,
      payload: { platform: 'shopee', name: 'Shopee', apiBaseUrl: fake.url, credentials: { partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, shopeeShopId: SHOPEE_SHOP_ID, accessToken, refreshToken } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(accessToken);
    const shopId = res.json<{ id: string }>().id;
    const now = Math.floor(Date.now() / 1000);
    fake.state.putOrder(fakeOrder('SP-1', now - 3600));
    fake.state.accessTokens.delete(accessToken); // the 4-hour token has expired

    // The sync job carries the shop id only.
    const sync = await hub.app.inject({ method: 'POST', url: `/v1/shops/${shopId}/sync`, headers: auth });
    expect(sync.statusCode).toBe(202);
    const stale = (await hub.rt.ctx.models.Shop.findById(shopId).lean<ShopDoc>())!; // what a second worker process loaded
    const queued = await hub.rt.sink.queues.import.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(queued.length).toBeGreaterThan(0);
    for (const j of queued) expect(JSON.stringify(j.data)).not.toMatch(/access-|refresh-|partner_key/);

    const first = await runImport(hub.rt.ctx, { shopId, reason: 'manual' });
    expect(first.outcome, JSON.stringify((await hub.rt.ctx.models.Shop.findById(shopId).lean())?.statusReason)).toBe('done');
    expect(fake.state.calls(REFRESH)).toHaveLength(1);
    const shop = (await hub.rt.ctx.models.Shop.findById(shopId).lean<ShopDoc>())!;
    expect(shop.credentialsEnc).not.toContain('fake-refresh');
    const saved = decryptJson<{ accessToken: string; refreshToken: string; partnerKey: string }>(hub.config.credentialsKey, shop.credentialsEnc);
    expect(saved).toMatchObject({ accessToken: 'fake-access-1', refreshToken: 'fake-refresh-1', partnerKey: PARTNER_KEY });

    // A later job (a fresh connector from the stored shop) goes straight in with the rotated token.
    await runImport(hub.rt.ctx, { shopId, reason: 'manual' });
    expect(fake.state.calls(REFRESH)).toHaveLength(1);
    expect(fake.state.calls(LIST).at(-1)?.query.access_token).toBe('fake-access-1');

    // Another worker process still holding the old pair finds its access token refused: it must adopt the pair
    // the first one stored, not refresh with the burnt refresh token (which would lock the shop out).
    const page = await hub.rt.ctx.connectorFor(stale).pullOrders({ since: new Date((now - 7200) * 1000), until: new Date(now * 1000) });
    expect(page.items.map((o) => o.platformOrderId)).toContain('SP-1');
    expect(fake.state.calls(REFRESH)).toHaveLength(1);
    expect(fake.state.calls(LIST).at(-1)?.query.access_token).toBe('fake-access-1');
  });

  it('a refresh never overwrites credentials the seller replaced meanwhile', async () => {
    const shop = (await hub.rt.ctx.models.Shop.findOne({ platform: 'shopee' }).lean<ShopDoc>())!;
    const { save } = credentialSaver(hub.rt.ctx, shop, definition.credentialsSchema, hub.rt.ctx.log)!;
    await hub.rt.ctx.models.Shop.updateOne({ _id: shop._id }, { $set: { credentialsEnc: 'v1.reauthorised' } });
    await save({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY, shopeeShopId: SHOPEE_SHOP_ID, accessToken: 'x', refreshToken: 'y' });
    expect((await hub.rt.ctx.models.Shop.findById(shop._id).lean())?.credentialsEnc).toBe('v1.reauthorised');
    await expect(save({ nonsense: true })).rejects.toThrow(/schema/);
  });
});
