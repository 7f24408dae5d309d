import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDoc } from '../../src/db/models/order.model.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { caller, createRule, seedCatalog, type Seller } from './rules-fixtures.js';

let hub: TestHub;
let seller: Seller;
let ids: string[];
let call: ReturnType<typeof caller>;

const total = (t: string) => ({ subtotal: t, shipping: '0.00', tax: '0.00', discount: '0.00', total: t });
const snapshot = async () => ({
  orders: (await hub.rt.ctx.models.Order.find({ sellerId: seller.id }).sort({ _id: 1 }).lean<OrderDoc[]>()).map((o) => JSON.stringify(o)),
  rules: (await hub.rt.ctx.models.Rule.find({ sellerId: seller.id }).lean()).map((r) => JSON.stringify(r)),
  versions: await hub.rt.ctx.models.RuleVersion.countDocuments({ sellerId: seller.id }),
  fingerprints: await hub.rt.ctx.models.RuleFingerprint.countDocuments({}),
  stock: (await hub.rt.ctx.models.StockLevel.find({ sellerId: seller.id }).sort({ _id: 1 }).lean()).map((l) => JSON.stringify(l)),
});

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('Dry');
  call = caller(hub, seller);
  await seedCatalog(hub, seller);
  const shop = await insertShop(hub.rt.ctx, seller.id, 'shop_dry');
  await createRule(hub, seller, { kind: 'amount_over', name: 'Big', params: { threshold: '100.00' } });
  ids = await importOrders(hub.rt.ctx, shop, [
    normalizedOrder({ amounts: total('50.00'), buyer: { email: 'a@example.com' } }),
    normalizedOrder({ amounts: total('150.00'), buyer: { email: 'b@example.com' } }),
    normalizedOrder({ amounts: total('80.00'), skus: [['SKU-B', 1]], buyer: { email: 'c@example.com' } }),
    normalizedOrder({ amounts: total('20.00'), buyer: { platformBuyerId: 'twin' }, platformCreatedAt: new Date('2026-01-01T10:00:00Z') }),
    normalizedOrder({ amounts: total('20.00'), buyer: { platformBuyerId: 'twin' }, platformCreatedAt: new Date('2026-01-01T10:05:00Z') }),
  ]);
  await runPipeline(hub.rt.ctx, seller.id, ids);
});
afterAll(async () => hub.close());

describe('POST /v1/rules/dry-run', () => {
  it('with the current rules, agrees with what the pipeline recorded', async () => {
    const res = await call('POST', '/v1/rules/dry-run', { filter: { statuses: ['on_hold', 'allocated'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ evaluated: 5, changed: [], compared: 'recorded outcome → current rules' });
  });

  it('reports the orders a proposed rule set would change, and writes nothing', async () => {
    const before = await snapshot();
    const current = (await call('GET', '/v1/rules')).json().items[0];
    const res = await call('POST', '/v1/rules/dry-run', {
      proposed: {
        rules: [
          { id: current.id, kind: 'amount_over', params: { threshold: '60.00' } },
          { kind: 'duplicate', params: { windowMinutes: 30 } },
          { kind: 'courier', params: { courierCode: 'SF', minWeightGrams: 1000 } },
        ],
      },
      filter: { shopId: 'shop_dry', limit: 50 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const byId = new Map<string, { before: object; after: object }>(body.changed.map((c: { orderId: string }) => [c.orderId, c]));
    expect(body.evaluated).toBe(5);
    expect([...byId.keys()].sort()).toEqual([ids[2], ids[4]].sort());
    expect(byId.get(ids[2]!)).toMatchObject({ before: { holds: [], warehouse: 'EAST', courier: 'POST' }, after: { holds: ['AMOUNT_OVER_THRESHOLD'] } });
    expect(byId.get(ids[4]!)).toMatchObject({ before: { holds: [] }, after: { holds: ['SUSPECTED_DUPLICATE'] } });
    expect(body.ruleSet.find((r: { id: string }) => r.id === current.id)).toMatchObject({ version: current.version + 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('filters by date and status, and replace drops the current rules', async () => {
    const res = await call('POST', '/v1/rules/dry-run', {
      proposed: { rules: [], replace: true },
      filter: { statuses: ['on_hold'], from: '2025-12-31T00:00:00Z', to: '2026-12-31T00:00:00Z' },
    });
    const body = res.json();
    expect(body.evaluated).toBe(1);
    expect(body.changed).toEqual([expect.objectContaining({ orderId: ids[1], before: { holds: ['AMOUNT_OVER_THRESHOLD'] }, after: { holds: [], warehouse: 'EAST', courier: 'POST' } })]);
  });

  it('reports courier and warehouse changes of allocated orders', async () => {
    const res = await call('POST', '/v1/rules/dry-run', {
      proposed: { rules: [{ kind: 'courier', params: { courierCode: 'YTO', maxWeightGrams: 1000 } }, { kind: 'warehouse_set', params: { warehouseCodes: ['WEST'] } }] },
      filter: { statuses: ['allocated'] },
    });
    const changed = res.json().changed as { orderId: string; after: object }[];
    expect(changed.map((c) => c.orderId).sort()).toEqual([ids[0], ids[2], ids[3], ids[4]].sort());
    expect(changed.find((c) => c.orderId === ids[0])!.after).toEqual({ holds: [], warehouse: 'WEST', courier: 'YTO' });
    expect(changed.find((c) => c.orderId === ids[2])!.after).toEqual({ holds: [], warehouse: 'WEST', courier: 'POST' });
  });

  it('refuses a bad proposal with a stable code', async () => {
    const bad = await call('POST', '/v1/rules/dry-run', { proposed: { rules: [{ kind: 'amount_over', params: { threshold: 'x' } }] } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'INVALID_RULE']);
    const shape = await call('POST', '/v1/rules/dry-run', { filter: { limit: 0 } });
    expect([shape.statusCode, shape.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
