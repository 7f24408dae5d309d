import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stockLevelId } from '../../src/db/models/stock-level.model.js';
import { movementDeltas, type StockDelta } from '../../src/domain/stock.js';
import { RedisLocks } from '../../src/locks.js';
import { StockLedger, type MovementInput } from '../../src/services/stock-ledger.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { openTestRedis } from '../helpers/redis.js';
import { openTestStore, type TestStore } from '../helpers/store.js';

let store: TestStore;
let red: ReturnType<typeof openTestRedis>;
let ledger: StockLedger;
const S = 'sel_1';
const W = 'wh_1';
const LEVEL = stockLevelId(S, W, 'A');

const move = (type: MovementInput['type'], delta: MovementInput['delta'], key: string): MovementInput => ({
  sellerId: S, warehouseId: W, skuCode: 'A', type, key, reference: { kind: 'test', id: key }, delta,
});
const level = () => store.models.StockLevel.findById(LEVEL).lean();
const status = async (m: MovementInput) => (await ledger.apply(m)).status;

beforeAll(async () => {
  store = await openTestStore();
  red = openTestRedis();
  ledger = new StockLedger(store.models, new RedisLocks(red.redis, red.prefix), () => new Date());
});
afterAll(async () => {
  await store.close();
  await red.close();
});
beforeEach(async () => {
  await store.models.StockLevel.deleteMany({});
  await store.models.StockMovement.deleteMany({});
});

describe('StockLedger on the real store', () => {
  it('creates a level on a first adjustment and keeps available = onHand − reserved', async () => {
    expect(await status(move('adjust', movementDeltas.adjust(10), 'k1'))).toBe('applied');
    expect(await status(move('reserve', movementDeltas.reserve(4), 'k2'))).toBe('applied');
    expect(await level()).toMatchObject({ seq: 2, onHand: 10, reserved: 4, available: 6 });
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });

  it('applies a retried key once', async () => {
    await ledger.apply(move('adjust', movementDeltas.adjust(10), 'k1'));
    expect(await status(move('adjust', movementDeltas.adjust(10), 'k1'))).toBe('already_applied');
    expect((await level())?.onHand).toBe(10);
    expect(await store.models.StockMovement.countDocuments()).toBe(1);
  });

  it('refuses a movement that would break a bound and records nothing', async () => {
    await ledger.apply(move('adjust', movementDeltas.adjust(3), 'k1'));
    expect(await status(move('reserve', movementDeltas.reserve(4), 'k2'))).toBe('refused');
    expect(await status(move('adjust', movementDeltas.adjust(-4), 'k3'))).toBe('refused');
    expect(await status(move('release', movementDeltas.release(1), 'k4'))).toBe('refused');
    await ledger.apply(move('reserve', movementDeltas.reserve(2), 'k5'));
    expect(await status(move('adjust', movementDeltas.adjust(-2), 'k6'))).toBe('refused'); // reserved stock cannot be adjusted away
    expect(await level()).toMatchObject({ onHand: 3, reserved: 2, available: 1 });
    expect(await store.models.StockMovement.countDocuments()).toBe(2);
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });

  it('computes a "set" adjustment from the exact balance it follows', async () => {
    await ledger.apply(move('adjust', movementDeltas.adjust(7), 'k1'));
    const setTo = (n: number) => (cur: { onHand: number }): StockDelta => movementDeltas.adjust(n - cur.onHand);
    expect(await status(move('adjust', setTo(20), 'k2'))).toBe('applied');
    expect(await level()).toMatchObject({ onHand: 20 });
  });

  it('recovers when a crash left the cached level behind the ledger', async () => {
    await ledger.apply(move('adjust', movementDeltas.adjust(5), 'k1'));
    await ledger.apply(move('reserve', movementDeltas.reserve(2), 'k2'));
    // The crash: the cache still shows the state before k2.
    await store.models.StockLevel.updateOne({ _id: LEVEL }, { $set: { seq: 1, reserved: 0, available: 5 } });
    expect(await reconcileStock(store.models, S)).toMatchObject([{ problem: 'cached level differs from ledger' }]);
    // A reservation of 4 would fit the stale cache (5 available) but not the ledger (3): it is refused.
    expect(await status(move('reserve', movementDeltas.reserve(4), 'k3'))).toBe('refused');
    expect(await status(move('reserve', movementDeltas.reserve(3), 'k4'))).toBe('applied');
    expect(await level()).toMatchObject({ seq: 3, onHand: 5, reserved: 5, available: 0 });
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });

  it('refreshCaches repairs stale levels', async () => {
    await ledger.apply(move('adjust', movementDeltas.adjust(5), 'k1'));
    await store.models.StockLevel.updateOne({ _id: LEVEL }, { $set: { seq: 0, onHand: 0, available: 0 } });
    expect(await ledger.refreshCaches(S)).toBe(1);
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });

  it('reports drift when a level was changed behind the ledger', async () => {
    await ledger.apply(move('adjust', movementDeltas.adjust(5), 'k1'));
    await store.models.StockLevel.updateOne({ _id: LEVEL }, { $inc: { onHand: 1, available: 1 } });
    expect(await reconcileStock(store.models, S)).toMatchObject([{ level: { onHand: 6 }, ledger: { onHand: 5 } }]);
  });

  it('200 concurrent reservations against a stock of 50 reserve exactly 50', async () => {
    await ledger.apply(move('adjust', movementDeltas.adjust(50), 'seed'));
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => status(move('reserve', movementDeltas.reserve(1), `r${i}`))),
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(50);
    expect(await level()).toMatchObject({ onHand: 50, reserved: 50, available: 0 });
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });

  it('two ledgers without a shared lock still never over-reserve (unique inserts are the guard)', async () => {
    const noLock = { withLock: <T>(_k: string, fn: () => Promise<T>) => fn() };
    const a = new StockLedger(store.models, noLock, () => new Date());
    const b = new StockLedger(store.models, noLock, () => new Date());
    await a.apply(move('adjust', movementDeltas.adjust(10), 'seed'));
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).apply(move('reserve', movementDeltas.reserve(1), `x${i}`))),
    );
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(10);
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });
});
