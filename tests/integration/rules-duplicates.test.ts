import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDoc } from '../../src/db/models/order.model.js';
import { auditStep } from '../../src/services/pipeline/audit-step.js';
import { loadBatch } from '../../src/services/pipeline/batch.js';
import { matchCourier } from '../../src/services/pipeline/match-step.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { importOrders, insertShop, normalizedOrder } from '../helpers/orders.js';
import { caller, createRule, seedCatalog, type Seller } from './rules-fixtures.js';

let hub: TestHub;
let seller: Seller;
let shop: Awaited<ReturnType<typeof insertShop>>;
const load = (ids: string[]) => hub.rt.ctx.models.Order.find({ _id: { $in: ids } }).lean<OrderDoc[]>();
const at = (iso: string) => new Date(iso);
const twinOf = (buyer: string, iso: string, skus: [string, number][] = [['SKU-A', 2]]) => normalizedOrder({ buyer: { platformBuyerId: buyer }, platformCreatedAt: at(iso), skus });

async function audit(ids: string[], batchIds = ids) {
  const batch = await loadBatch(hub.rt.ctx, seller.id, batchIds);
  const docs = await load(ids);
  return new Map(docs.map((o) => [o._id, auditStep(batch, o, o.lines)]));
}

beforeAll(async () => {
  hub = await startTestHub();
  seller = await hub.newSeller('Dups');
  await seedCatalog(hub, seller);
  shop = await insertShop(hub.rt.ctx, seller.id, 'shop_dups');
  await createRule(hub, seller, { kind: 'duplicate', name: 'Same buyer, same lines, 1 h', params: { windowMinutes: 60 } });
});
afterAll(async () => hub.close());

describe('duplicate detection (fingerprints by _id)', () => {
  it('holds the later of two orders with the same buyer and lines in the window', async () => {
    const [a, b, other] = await importOrders(hub.rt.ctx, shop, [
      twinOf('b1', '2026-02-01T10:00:00Z'), twinOf('b1', '2026-02-01T10:20:00Z'), twinOf('b1', '2026-02-01T10:30:00Z', [['SKU-A', 3]]),
    ]);
    const r = await audit([a!, b!, other!]);
    expect(r.get(a!)!.holds).toEqual([]);
    expect(r.get(b!)!.holds).toEqual([{ code: 'SUSPECTED_DUPLICATE', message: expect.stringContaining(a!) }]);
    expect(r.get(other!)!.holds).toEqual([]);
    // A later run of the first order (e.g. after a release) still sees itself as the first.
    expect((await audit([a!])).get(a!)!.holds).toEqual([]);
    expect((await audit([b!])).get(b!)!.holds.map((h) => h.code)).toEqual(['SUSPECTED_DUPLICATE']);
  });

  it('outside the window the newer order passes and becomes the one later twins are compared with', async () => {
    const [a, later, laterTwin] = await importOrders(hub.rt.ctx, shop, [
      twinOf('b2', '2026-02-01T10:00:00Z'), twinOf('b2', '2026-02-03T10:00:00Z'), twinOf('b2', '2026-02-03T10:10:00Z'),
    ]);
    await audit([a!]);
    expect((await audit([later!])).get(later!)!.holds).toEqual([]);
    expect((await audit([laterTwin!])).get(laterTwin!)!.holds[0]!.message).toContain(later!);
  });

  it('racing batches (separate workers) agree on one first order', async () => {
    for (let round = 0; round < 4; round++) {
      const [x, y] = await importOrders(hub.rt.ctx, shop, [twinOf(`race${round}`, '2026-02-05T10:00:00Z'), twinOf(`race${round}`, '2026-02-05T10:00:00Z')]);
      const [bx, by] = await Promise.all([loadBatch(hub.rt.ctx, seller.id, [x!]), loadBatch(hub.rt.ctx, seller.id, [y!])]);
      const [ox, oy] = [(await load([x!]))[0]!, (await load([y!]))[0]!];
      const held = [auditStep(bx, ox, ox.lines), auditStep(by, oy, oy.lines)].filter((r) => r.holds.length > 0);
      expect(held, `round ${round}`).toHaveLength(1);
    }
  });

  it('without the batch order ids the rule is skipped and says so', async () => {
    const [a] = await importOrders(hub.rt.ctx, shop, [twinOf('b3', '2026-02-01T10:00:00Z')]);
    const batch = await loadBatch(hub.rt.ctx, seller.id);
    const o = (await load([a!]))[0]!;
    expect(auditStep(batch, o, o.lines).trace.find((e) => e.code === 'SUSPECTED_DUPLICATE')).toMatchObject({ outcome: 'skip' });
  });
});

describe('combo SKUs', () => {
  it('expands a bundle into component lines for stock, and weighs the parcel by its components', async () => {
    const call = caller(hub, seller);
    const bad = await call('POST', '/v1/skus', { code: 'KIT', name: 'Kit', components: [{ skuCode: 'NOPE', quantity: 1 }] });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'UNKNOWN_SKU']);
    const kit = await call('POST', '/v1/skus', { code: 'KIT', name: 'Kit', components: [{ skuCode: 'SKU-A', quantity: 2 }, { skuCode: 'SKU-B', quantity: 1 }] });
    expect(kit.statusCode).toBe(201);
    await createRule(hub, seller, { kind: 'courier', name: 'Heavy by SF', params: { courierCode: 'SF', minWeightGrams: 3000 } });
    const [id] = await importOrders(hub.rt.ctx, shop, [normalizedOrder({ buyer: { platformBuyerId: 'kit' }, skus: [['KIT', 2]] })]);
    const batch = await loadBatch(hub.rt.ctx, seller.id, [id!]);
    const o = (await load([id!]))[0]!;
    const r = auditStep(batch, o, o.lines);
    expect(r.holds).toEqual([]);
    const lineId = o.lines[0]!.lineId;
    expect(r.lines?.map((l) => [l.lineId, l.parentLineId, l.skuCode, l.quantity])).toEqual([[`${lineId}/SKU-A`, lineId, 'SKU-A', 4], [`${lineId}/SKU-B`, lineId, 'SKU-B', 2]]);
    // 4 × 400 g + 2 × 1500 g = 4600 g ≥ 3000 g: SF.
    expect(matchCourier(batch, o, batch.warehouses[0]!).courier?.code).toBe('SF');
  });
});
