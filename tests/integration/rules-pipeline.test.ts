import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDoc } from '../../src/db/models/order.model.js';
import { runPipeline } from '../../src/services/pipeline.service.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { caller, createRule, seedCatalog, type Seller } from './rules-fixtures.js';

let hub: TestHub;
const order = (id: string) => hub.rt.ctx.models.Order.findById(id).lean<OrderDoc>() as Promise<OrderDoc>;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub.close());

async function freshSeller(shopId: string): Promise<{ seller: Seller; shop: Awaited<ReturnType<typeof insertShop>> }> {
  const seller = await hub.newSeller(shopId);
  await seedCatalog(hub, seller);
  return { seller, shop: await insertShop(hub.rt.ctx, seller.id, shopId) };
}

describe('pipeline with audit rules', () => {
  it('with no rules the built-in checks decide (default rule set)', async () => {
    const { seller, shop } = await freshSeller('shop_p_default');
    const [ok, unpaid] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ skus: [['SKU-A', 1]] }), normalizedOrder({ skus: [['SKU-A', 1]], state: 'unpaid' })]);
    const res = await runPipeline(hub.rt.ctx, seller.id, [ok!, unpaid!]);
    expect(res.allocated).toEqual([ok]);
    expect((await order(unpaid!)).holds.map((h) => h.code)).toEqual(['NOT_PAID']);
    expect((await order(ok!)).lastRun?.entries.filter((e) => e.step === 'audit').map((e) => e.ruleId)).toEqual(['builtin:NOT_PAID', 'builtin:ADDRESS_INCOMPLETE', 'builtin:NO_LINES', 'builtin:UNKNOWN_SKU']);
  });

  it('holds with stable codes, traces rule ids and versions, and honours disabling', async () => {
    const { seller, shop } = await freshSeller('shop_p_audit');
    const amount = await createRule(hub, seller, { kind: 'amount_over', name: 'Big', priority: 1, params: { threshold: '50.00' } });
    const remark = await createRule(hub, seller, { kind: 'remark_present', name: 'Remarks', priority: 2, params: {} });
    const risk = await createRule(hub, seller, { kind: 'risk_flags', name: 'Risk', priority: 3, params: {} });
    await caller(hub, seller)('PATCH', `/v1/rules/${amount.id}`, { params: { threshold: '90.00' } });
    const big = normalizedOrder({ amounts: { subtotal: '100.00', shipping: '0.00', tax: '0.00', discount: '0.00', total: '100.00' }, remarks: { buyer: 'gift wrap please' }, flags: { risk: ['fraud_suspected'] } });
    const [id] = await importOrders(hub.rt.ctx, shop, [big]);
    await runPipeline(hub.rt.ctx, seller.id, [id!]);
    const held = await order(id!);
    expect(held.hubStatus).toBe('on_hold');
    expect(held.holds.map((h) => h.code)).toEqual(['AMOUNT_OVER_THRESHOLD', 'REMARK_PRESENT', 'PLATFORM_RISK']);
    const traced = held.lastRun!.entries.filter((e) => !e.ruleId?.startsWith('builtin:'));
    expect(traced.map((e) => [e.ruleId, e.version, e.outcome])).toEqual([[amount.id, 2, 'hold'], [remark.id, 1, 'hold'], [risk.id, 1, 'hold']]);

    // Disabled rules are not evaluated on the next run.
    for (const r of [amount, remark, risk]) await caller(hub, seller)('POST', `/v1/rules/${r.id}/disable`);
    const [next] = await importOrders(hub.rt.ctx, shop, [{ ...big, platformOrderId: `${big.platformOrderId}-2` }]);
    expect((await runPipeline(hub.rt.ctx, seller.id, [next!])).allocated).toEqual([next]);
  });

  it('a release by customer service lets review holds pass on the re-run', async () => {
    const { seller, shop } = await freshSeller('shop_p_release');
    await createRule(hub, seller, { kind: 'remark_present', name: 'Remarks', params: {} });
    const [id] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ remarks: { buyer: 'ring twice' } })]);
    await runPipeline(hub.rt.ctx, seller.id, [id!]);
    expect((await order(id!)).holds.map((h) => h.code)).toEqual(['REMARK_PRESENT']);
    expect((await caller(hub, seller)('POST', `/v1/orders/${id}/release`)).statusCode).toBe(200);
    expect((await runPipeline(hub.rt.ctx, seller.id, [id!])).allocated).toEqual([id]);
    expect((await order(id!)).lastRun!.entries.find((e) => e.code === 'REMARK_PRESENT')).toMatchObject({ outcome: 'pass', detail: expect.stringContaining('released by customer service') });
  });

  it('a hold-until date holds the order and the step says when to look again', async () => {
    const { seller, shop } = await freshSeller('shop_p_until');
    const until = new Date(hub.rt.ctx.now().getTime() + 3 * 86_400_000);
    await createRule(hub, seller, { kind: 'hold_until', name: 'Campaign', params: { until: until.toISOString() } });
    const [id] = await importOrders(hub.rt.ctx, shop, [normalizedOrder()]);
    await runPipeline(hub.rt.ctx, seller.id, [id!]);
    expect((await order(id!)).holds.map((h) => h.code)).toEqual(['HOLD_UNTIL']);
    const { auditStep } = await import('../../src/services/pipeline/audit-step.js');
    const { loadBatch } = await import('../../src/services/pipeline/batch.js');
    const o = await order(id!);
    expect(auditStep(await loadBatch(hub.rt.ctx, seller.id), o, o.lines).recheckAt).toEqual(until);
  });
});

describe('pipeline with warehouse and courier rules', () => {
  it('chooses the warehouse and courier by rules and records why', async () => {
    const { seller, shop } = await freshSeller('shop_p_match');
    // EAST only serves CN: a US order goes to WEST despite EAST's priority.
    await createRule(hub, seller, { kind: 'warehouse', name: 'East covers CN', params: { warehouseCode: 'EAST', countries: ['CN'] } });
    // Light parcels: YTO is cheaper than SF; heavy ones: only SF.
    const sf = await createRule(hub, seller, { kind: 'courier', name: 'SF', params: { courierCode: 'SF', rates: [{ maxGrams: 10_000, price: '12.00' }] } });
    const yto = await createRule(hub, seller, { kind: 'courier', name: 'YTO', params: { courierCode: 'YTO', maxWeightGrams: 1000, rates: [{ maxGrams: 1000, price: '5.00' }] } });
    const [light, heavy] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ skus: [['SKU-A', 2]] }), normalizedOrder({ skus: [['SKU-B', 1]] })]);
    expect((await runPipeline(hub.rt.ctx, seller.id, [light!, heavy!])).allocated).toEqual([light, heavy]);
    const l = await order(light!);
    const h = await order(heavy!);
    expect([l.courierCode, h.courierCode]).toEqual(['YTO', 'SF']);
    const allocated = l.timeline.find((e) => e.type === 'allocated')!;
    expect(allocated.data).toMatchObject({ warehouse: 'WEST', courier: 'YTO', why: { courier: expect.stringContaining(`rule ${yto.id} v1`) } });
    expect(h.lastRun!.entries.filter((e) => e.step === 'courier').map((e) => [e.ruleId, e.outcome])).toEqual([[sf.id, 'chosen'], [yto.id, 'rejected']]);
    expect(l.lastRun!.entries.find((e) => e.step === 'warehouse' && e.outcome === 'rejected')?.detail).toBe('EAST: does not cover US/IL/62701');
  });

  it('a shop warehouse set and a COD-only courier', async () => {
    const { seller, shop } = await freshSeller('shop_p_set');
    await createRule(hub, seller, { kind: 'warehouse_set', name: 'This shop ships from WEST', shopIds: [shop._id], params: { warehouseCodes: ['WEST'] } });
    await createRule(hub, seller, { kind: 'courier', name: 'SF takes COD', params: { courierCode: 'SF', cod: true } });
    const [cod, prepaid] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ flags: { cod: true } }), normalizedOrder()]);
    await runPipeline(hub.rt.ctx, seller.id, [cod!, prepaid!]);
    const c = await order(cod!);
    expect([c.hubStatus, c.courierCode]).toEqual(['allocated', 'SF']);
    const w = await hub.rt.ctx.models.Warehouse.findById(c.warehouseId).lean();
    expect(w?.code).toBe('WEST');
    expect((await order(prepaid!)).courierCode).toBe('SF');
  });
});
