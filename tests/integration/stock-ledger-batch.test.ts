import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stockLevelId } from '../../src/db/models/stock-level.model.js';
import type { StockMovementDoc } from '../../src/db/models/stock-movement.model.js';
import { movementDeltas } from '../../src/domain/stock.js';
import { RedisLocks, type Locks } from '../../src/locks.js';
import { StockLedger, type MovementInput } from '../../src/services/stock-ledger.js';
import { reconcileStock } from '../../src/services/stock-reconcile.js';
import { openTestRedis } from '../helpers/redis.js';
import { openTestStore, type TestStore } from '../helpers/store.js';

let store: TestStore;
let red: ReturnType<typeof openTestRedis>;
let ledger: StockLedger;
const S = 'sel_b';
const W = 'wh_b';
const levelOf = (sku: string) => stockLevelId(S, W, sku);

const move = (sku: string, type: MovementInput['type'], delta: MovementInput['delta'], key: string): MovementInput => ({
  sellerId: S, warehouseId: W, skuCode: sku, type, key, reference: { kind: 'test', id: key }, delta,
});
const statuses = async (l: StockLedger, ms: MovementInput[]) => (await l.applyBatch(ms)).map((o) => o.status);
/** Every entry of a level follows the one before it (the ledger is the truth, whatever the cache says). */
async function chain(sku: string) {
  const entries = await store.models.StockMovement.find({ levelId: levelOf(sku) }).sort({ seq: 1 }).lean<StockMovementDoc[]>();
  let onHand = 0;
  let reserved = 0;
  entries.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    onHand += e.onHandDelta;
    reserved += e.reservedDelta;
    expect([e.onHandAfter, e.reservedAfter]).toEqual([onHand, reserved]);
    expect(reserved).toBeLessThanOrEqual(onHand);
    expect(reserved).toBeGreaterThanOrEqual(0);
  });
  return { entries: entries.length, onHand, reserved };
}

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
  await store.models.StockKey.deleteMany({});
});

describe('StockLedger.applyBatch on the real store', () => {
  it('applies many movements over several levels in input order per level; a retried batch changes nothing', async () => {
    const batch = [
      move('A', 'adjust', movementDeltas.adjust(10), 'a1'),
      move('B', 'adjust', movementDeltas.adjust(5), 'b1'),
      move('A', 'reserve', movementDeltas.reserve(3), 'a2'),
      move('A', 'reserve', movementDeltas.reserve(4), 'a3'),
      move('A', 'reserve', movementDeltas.reserve(5), 'a4'), // 3 left: refused
      move('B', 'reserve', movementDeltas.reserve(5), 'b2'),
    ];
    expect(await statuses(ledger, batch)).toEqual(['applied', 'applied', 'applied', 'applied', 'refused', 'applied']);
    expect(await store.models.StockLevel.findById(levelOf('A')).lean()).toMatchObject({ seq: 3, onHand: 10, reserved: 7, available: 3 });
    expect(await store.models.StockLevel.findById(levelOf('B')).lean()).toMatchObject({ seq: 2, onHand: 5, reserved: 5, available: 0 });
    expect(await reconcileStock(store.models, S)).toEqual([]);
    expect(await statuses(ledger, batch)).toEqual(['already_applied', 'already_applied', 'already_applied', 'already_applied', 'refused', 'already_applied']);
    expect(await store.models.StockMovement.countDocuments()).toBe(5);
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });

  it('a cache left behind the ledger by a crash: the batch entry loses its number, the movement is decided on the exact balance', async () => {
    await ledger.apply(move('A', 'adjust', movementDeltas.adjust(5), 'k1'));
    await ledger.apply(move('A', 'reserve', movementDeltas.reserve(2), 'k2'));
    await store.models.StockLevel.updateOne({ _id: levelOf('A') }, { $set: { seq: 1, reserved: 0, available: 5 } });
    // 4 would fit the stale cache (5) but not the ledger (3); 3 fits both.
    expect(await statuses(ledger, [move('A', 'reserve', movementDeltas.reserve(4), 'k3')])).toEqual(['refused']);
    expect(await statuses(ledger, [move('A', 'reserve', movementDeltas.reserve(3), 'k4')])).toEqual(['applied']);
    expect(await chain('A')).toEqual({ entries: 3, onHand: 5, reserved: 5 });
    expect(await reconcileStock(store.models, S)).toEqual([]);
  });

  it('a key claimed by a crashed attempt is taken over once, never applied twice', async () => {
    await ledger.apply(move('A', 'adjust', movementDeltas.adjust(5), 'k1'));
    await store.models.StockKey.collection.insertOne({ _id: 'k2', entryId: `${levelOf('A')}:9` } as never);
    expect(await statuses(ledger, [move('A', 'reserve', movementDeltas.reserve(2), 'k2'), move('A', 'reserve', movementDeltas.reserve(1), 'k3')])).toEqual(['applied', 'applied']);
    expect(await statuses(ledger, [move('A', 'reserve', movementDeltas.reserve(2), 'k2')])).toEqual(['already_applied']);
    expect(await chain('A')).toEqual({ entries: 3, onHand: 5, reserved: 3 });
  });

  it('batches and single movements racing without any working lock never over-reserve (the ordered unique insert is the guard)', async () => {
    // A lock that lets everyone in, as a lapsed lock would: correctness must rest on the inserts alone.
    const lapsed: Locks = {
      exclusive: true,
      withLock: (_k, fn) => fn(),
      tryLockMany: async (keys) => ({ held: new Set(keys), busy: [], release: async () => {} }),
    };
    const ledgers = [new StockLedger(store.models, lapsed, () => new Date()), new StockLedger(store.models, lapsed, () => new Date())];
    await ledger.apply(move('A', 'adjust', movementDeltas.adjust(15), 'seed-a'));
    await ledger.apply(move('B', 'adjust', movementDeltas.adjust(7), 'seed-b'));
    const runs = Array.from({ length: 4 }, (_, r) => ledgers[r % 2]!.applyBatch(Array.from({ length: 8 }, (_, i) =>
      move(i % 2 ? 'A' : 'B', 'reserve', movementDeltas.reserve(1), `r${r}-${i}`))));
    const singles = Array.from({ length: 6 }, (_, i) => ledgers[i % 2]!.apply(move('A', 'reserve', movementDeltas.reserve(1), `s${i}`)));
    const outcomes = [...(await Promise.all(runs)).flat(), ...(await Promise.all(singles))];
    const applied = outcomes.filter((o) => o.status === 'applied').length;
    const a = await chain('A');
    const b = await chain('B');
    expect([a.reserved, b.reserved]).toEqual([15, 7]); // 22 asked of A, 16 of B
    expect(applied).toBe(22);
    expect(new Set((await store.models.StockMovement.find({}, { key: 1 }).lean()).map((e) => e.key)).size).toBe(a.entries + b.entries);
  }, 180_000);
});
