import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxConnector } from '../../../connectors/sandbox/connector.js';
import { buildSandboxServer, type Sandbox } from '../../../src/sandbox/server.js';
import { startLostReplyProxy, type LostReplyProxy } from '../../fakes/lost-reply-proxy.js';
import { RecordingLimiter, silentLog } from '../../helpers/fake-limiter.js';

let sandbox: Sandbox | undefined;
let proxy: LostReplyProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await sandbox?.app.close();
});

/**
 * The sandbox storefront takes an idempotency key on fulfilments (the hub's parcel id): a fulfilment whose reply
 * was lost may be sent again, and the storefront answers the first fulfilment instead of recording a second one.
 */
describe('sandbox storefront fulfilment when the reply is lost after the storefront applied it', () => {
  for (const how of ['reset', 502] as const) {
    it(`the resend carries the same idempotency key: one fulfilment (${how})`, async () => {
      sandbox = buildSandboxServer({ apiKey: 'k-lost', webhookSecret: 'w-lost' });
      await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
      sandbox.store.upsertProduct({ sku: 'TEE', title: 'Tee', price: '9.90', available: 10 });
      proxy = await startLostReplyProxy(`http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`);
      const order = sandbox.store.createOrder({ lines: [{ sku: 'TEE', quantity: 2 }] });
      const connector = new SandboxConnector({ shopId: 'sb-1', platform: 'sandbox', credentials: { apiKey: 'k-lost', webhookSecret: 'w-lost' }, apiBaseUrl: proxy.url }, { now: () => new Date(), limiter: new RecordingLimiter(), log: silentLog });
      proxy.loseNext((m, p) => m === 'POST' && p.includes('/fulfillments'), how);
      const lineId = sandbox.store.order(order.id).line_items[0]!.id;
      const push = { platformOrderId: order.id, shipmentId: 'shp-1', trackingNumber: 'SF-LOST', courierCode: 'SF', partial: true, shippedAt: new Date(), lines: [{ lineId, quantity: 1 }] };
      const r = await connector.pushShipment(push);
      expect(sandbox.store.order(order.id).fulfillments).toHaveLength(1);
      expect(r.platformShipmentId).toBe(sandbox.store.order(order.id).fulfillments[0]!.id);
      await connector.pushShipment(push); // the hub's retry after its own crash
      expect(sandbox.store.order(order.id).fulfillments).toHaveLength(1);
    });
  }
});
