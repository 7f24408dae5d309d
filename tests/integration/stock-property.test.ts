import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movementDeltas } from '../../src/domain/stock.js';
import { RedisLocks } from '../../src/locks.js';
import { StockLedger, type MovementInput } from '../../src/services/stock-ledger.js';
import { reconcileAllStock, reconcileStock } from '../../src/services/stock-reconcile.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

/**
 * Property: however many reservations race, against whatever stock, the ledger never reserves more than
 * there is, and every level equals the sum of its ledger. Trials are seeded, so a failure replays.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub.close());

function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('concurrent reservations (property)', () => {
  it.each([11, 23, 47, 91])('seed %i: random N and stock, two workers without a shared lock', async (seed) => {
    const rnd = lcg(seed);
    const n = 20 + Math.floor(rnd() * 100);
    const stock = Math.floor(rnd() * 60);
    const sellerId = `sel_prop_${seed}`;
    const ctx = hub.rt.ctx;
    const noLock = { withLock: <T>(_k: string, fn: () => Promise<T>) => fn() };
    const ledgers = [new StockLedger(ctx.models, noLock, ctx.now), new StockLedger(ctx.models, new RedisLocks(ctx.redis, `${ctx.config.QUEUE_PREFIX}p${seed}`), ctx.now)];
    const base = { sellerId, warehouseId: 'wh', skuCode: 'SKU', reference: { kind: 'test', id: String(seed) } };
    await ledgers[0]!.apply({ ...base, type: 'adjust', delta: movementDeltas.adjust(stock), key: `seed-${seed}` });
    const wanted = Array.from({ length: n }, (_, i) => ({ i, qty: 1 + Math.floor(rnd() * 3) }));
    const outcomes = await Promise.all(wanted.map(({ i, qty }) => {
      const m: MovementInput = { ...base, type: 'reserve', delta: movementDeltas.reserve(qty), key: `r-${seed}-${i}` };
      return ledgers[i % 2]!.apply(m);
    }));
    const applied = wanted.filter((_, i) => outcomes[i]!.status === 'applied').reduce((a, w) => a + w.qty, 0);
    const level = await ctx.models.StockLevel.findOne({ sellerId }).lean();
    expect(applied).toBeLessThanOrEqual(stock);
    expect(level).toMatchObject({ onHand: stock, reserved: applied, available: stock - applied });
    // Nothing refused while at least 3 units were still free (the largest single request).
    if (outcomes.some((o) => o.status === 'refused')) expect(stock - applied).toBeLessThan(3);
    // Retrying every movement changes nothing.
    const again = await Promise.all(wanted.map(({ i, qty }) => ledgers[(i + 1) % 2]!.apply({ ...base, type: 'reserve', delta: movementDeltas.reserve(qty), key: `r-${seed}-${i}` })));
    expect(again.filter((o) => o.status === 'applied')).toHaveLength(0);
    expect(await reconcileStock(ctx.models, sellerId)).toEqual([]);
  }, 120_000);
});

describe('scheduled stock reconciliation', () => {
  it('reports a level changed behind the ledger as drift, once per hour, and answers it in the API', async () => {
    const ctx = hub.rt.ctx;
    const seller = await hub.newSeller('Drift');
    const call = (method: 'GET' | 'POST', url: string, payload?: object) => hub.app.inject({ method, url, headers: seller.auth, ...(payload ? { payload } : {}) });
    await call('POST', '/v1/warehouses', { code: 'W', name: 'W' });
    await call('POST', '/v1/skus', { code: 'D-1', name: 'D' });
    await call('POST', '/v1/stock/adjustments', { warehouseCode: 'W', skuCode: 'D-1', mode: 'set', quantity: 4, reason: 'open', idempotencyKey: 'd1' });
    expect((await call('GET', '/v1/stock/reconciliation')).json()).toEqual({ ok: true, drifts: [] });
    await ctx.models.StockLevel.updateOne({ sellerId: seller.id }, { $set: { onHand: 9, available: 9 } });
    const report = await reconcileAllStock(ctx);
    expect(report.drifts).toBeGreaterThanOrEqual(1);
    await reconcileAllStock(ctx);
    expect(await ctx.models.Event.countDocuments({ sellerId: seller.id, type: 'stock.drift' })).toBe(1);
    const api = (await call('GET', '/v1/stock/reconciliation')).json();
    expect(api).toMatchObject({ ok: false, drifts: [{ problem: 'cached level differs from ledger', level: { onHand: 9 }, ledger: { onHand: 4 } }] });
  });
});
