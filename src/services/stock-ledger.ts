import type { Models } from '../db/models.js';
import { stockLevelId } from '../db/models/stock-level.model.js';
import type { MovementType, StockMovementDoc } from '../db/models/stock-movement.model.js';
import { applyDelta, type LevelSnapshot, type StockDelta } from '../domain/stock.js';
import { isDuplicateKeyError } from '../errors.js';
import type { Locks } from '../locks.js';
import { applyBatch } from './stock-ledger-batch.js';

export interface MovementInput {
  sellerId: string;
  warehouseId: string;
  skuCode: string;
  type: MovementType;
  /** The change, or how to compute it from the current level (e.g. "set onHand to N"). */
  delta: StockDelta | ((current: LevelSnapshot) => StockDelta);
  /** Idempotency key: the same key changes stock at most once, however often it is retried. */
  key: string;
  reference: { kind: string; id: string };
  reason?: string;
}

export type MovementOutcome =
  | { status: 'applied'; entry: StockMovementDoc }
  | { status: 'already_applied'; entry: StockMovementDoc }
  | { status: 'refused'; current: LevelSnapshot };

interface Head extends LevelSnapshot {
  seq: number;
}

const MAX_ATTEMPTS = 200;

/**
 * The stock ledger. The store may apply no update atomically (FerretDB 1.x reads and writes a document in
 * two steps), so the only primitive trusted here is an insert under a unique index:
 *  - a movement is ONE insert of entry `${levelId}:${seq + 1}` carrying the balance after it; a writer that
 *    lost the race for that number gets a duplicate-key error, catches up on the newer entries and retries;
 *  - the entry's unique `key` makes a retried movement a no-op;
 *  - the level document is a cache of the newest entry, refreshed after each insert (a stale cache only
 *    costs a catch-up read).
 * Bounds (onHand ≥ 0, 0 ≤ reserved ≤ onHand) are checked against the exact balance the entry follows.
 */
export class StockLedger {
  constructor(
    private readonly models: Models,
    private readonly locks: Locks,
    private readonly now: () => Date,
  ) {}

  async apply(m: MovementInput): Promise<MovementOutcome> {
    const levelId = stockLevelId(m.sellerId, m.warehouseId, m.skuCode);
    // The lock only spares contenders a retry storm; correctness rests on the unique inserts below.
    return this.locks.withLock(`stock:${levelId}`, () => this.applyUnlocked(levelId, m, this.locks.exclusive !== true), { ttlMs: 10_000, waitMs: 30_000 });
  }

  /** Applies movements of different levels concurrently; outcomes are in input order. */
  applyMany(ms: readonly MovementInput[]): Promise<MovementOutcome[]> {
    return Promise.all(ms.map((m) => this.apply(m)));
  }

  /**
   * Same outcomes as `applyMany`, in a handful of round trips for the whole list (see stock-ledger-batch.ts);
   * movements of one level are applied in input order.
   */
  applyBatch(ms: readonly MovementInput[]): Promise<MovementOutcome[]> {
    return applyBatch({ models: this.models, locks: this.locks, now: this.now, applyMany: (rest) => this.applyMany(rest) }, ms);
  }

  private async applyUnlocked(levelId: string, m: MovementInput, verifyCache: boolean): Promise<MovementOutcome> {
    let head = await this.readHead(levelId);
    let claimed: string | null = null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const delta = typeof m.delta === 'function' ? m.delta(head) : m.delta;
      const after = applyDelta(head, delta);
      if (!after) {
        const caughtUp = await this.catchUp(levelId, head);
        if (caughtUp.seq !== head.seq) {
          head = caughtUp;
          continue;
        }
        const previous = await this.findByKey(m.key);
        if (previous) return { status: 'already_applied', entry: previous };
        // A claim made on an earlier, contended attempt points at nothing: take it back.
        if (claimed) await this.models.StockKey.deleteOne({ _id: m.key, entryId: claimed });
        return { status: 'refused', current: head };
      }
      const entry: StockMovementDoc = {
        _id: `${levelId}:${head.seq + 1}`,
        levelId,
        seq: head.seq + 1,
        key: m.key,
        sellerId: m.sellerId,
        warehouseId: m.warehouseId,
        skuCode: m.skuCode,
        type: m.type,
        ...delta,
        onHandAfter: after.onHand,
        reservedAfter: after.reserved,
        reason: m.reason,
        reference: m.reference,
        at: this.now(),
      };
      if (!claimed) {
        const prior = await this.claimKey(m.key, entry._id);
        if (prior) return { status: 'already_applied', entry: prior };
      } else if (claimed !== entry._id) {
        await this.models.StockKey.updateOne({ _id: m.key }, { $set: { entryId: entry._id } });
      }
      claimed = entry._id;
      try {
        await this.models.StockMovement.collection.insertOne(entry as never);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // Lost the race for this number (the usual case), or the same movement ran twice at once.
        const taken = await this.models.StockMovement.findById(entry._id).lean<StockMovementDoc>();
        if (taken?.key === m.key) return { status: 'already_applied', entry: taken };
        if (!taken) {
          const previous = await this.models.StockMovement.findOne({ key: m.key }).lean<StockMovementDoc>();
          if (previous) return { status: 'already_applied', entry: previous };
        }
        head = await this.catchUp(levelId, head);
        continue;
      }
      await this.writeCache(m, { seq: entry.seq, ...after }, verifyCache);
      return { status: 'applied', entry };
    }
    throw new Error(`stock level ${levelId}: gave up after ${MAX_ATTEMPTS} contended attempts`);
  }

  private async readHead(levelId: string): Promise<Head> {
    const cached = await this.models.StockLevel.findById(levelId, { seq: 1, onHand: 1, reserved: 1 }).lean();
    return cached ? { seq: cached.seq, onHand: cached.onHand, reserved: cached.reserved } : { seq: 0, onHand: 0, reserved: 0 };
  }

  /** The newest state of the level: probes the entries after `head` by their `_id` (level:seq) until one is missing. */
  async catchUp(levelId: string, head: Head): Promise<Head> {
    let current = head;
    for (;;) {
      const next = await this.models.StockMovement.findById(`${levelId}:${current.seq + 1}`, { seq: 1, onHandAfter: 1, reservedAfter: 1 }).lean();
      if (!next) return current;
      current = { seq: next.seq, onHand: next.onHandAfter, reserved: next.reservedAfter };
    }
  }

  /**
   * Claims an idempotency key before its entry is written, naming the entry it is about to insert. Returns
   * the entry when the key was already applied; null when this caller may go ahead (a claim left by a crashed
   * attempt is taken over: the entry's unique `key` index still forbids a second application).
   */
  private async claimKey(key: string, entryId: string): Promise<StockMovementDoc | null> {
    try {
      await this.models.StockKey.collection.insertOne({ _id: key, entryId } as never);
      return null;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const prior = await this.findByKey(key);
      if (!prior) await this.models.StockKey.updateOne({ _id: key }, { $set: { entryId } });
      return prior;
    }
  }

  /**
   * The entry recorded under an idempotency key, if any, found by `_id`: the key's claim names its entry. Only
   * a claim whose entry is missing (a crash between the two inserts, or a lost race) costs a scan of the ledger.
   */
  async findByKey(key: string): Promise<StockMovementDoc | null> {
    const k = await this.models.StockKey.findById(key).lean();
    if (!k) return null;
    if (k.entryId) {
      const entry = await this.models.StockMovement.findById(k.entryId).lean<StockMovementDoc>();
      if (entry?.key === key) return entry;
    }
    const entry = await this.models.StockMovement.findOne({ key }).lean<StockMovementDoc>();
    if (entry && entry._id !== k.entryId) await this.models.StockKey.updateOne({ _id: key }, { $set: { entryId: entry._id } });
    return entry;
  }

  /** Whether a movement with this key was applied. */
  async isApplied(key: string): Promise<boolean> {
    return (await this.findByKey(key)) !== null;
  }

  /**
   * Refreshes the cached level, then makes sure it did not go backwards: the store's conditional update is
   * not atomic, so an older writer may overwrite a newer cache. Every writer checks after its own write and
   * repairs from the newest entry, so the last one to finish leaves the cache equal to the ledger.
   */
  private async writeCache(m: MovementInput, head: Head, verify = true): Promise<void> {
    const levelId = stockLevelId(m.sellerId, m.warehouseId, m.skuCode);
    let target = head;
    for (let i = 0; i < 20; i++) {
      await this.writeCacheOnce(levelId, m, target);
      // Under an exclusive lock no other writer of this level can overwrite the cache behind us.
      if (!verify) return;
      const cached = await this.readHead(levelId);
      const newest = await this.catchUp(levelId, cached);
      if (newest.seq === cached.seq) return;
      target = newest;
    }
  }

  private async writeCacheOnce(_id: string, m: MovementInput, head: Head): Promise<void> {
    try {
      await this.models.StockLevel.updateOne(
        { _id, seq: { $lt: head.seq } },
        {
          $set: { seq: head.seq, onHand: head.onHand, reserved: head.reserved, available: head.onHand - head.reserved, updatedAt: this.now() },
          $setOnInsert: { sellerId: m.sellerId, warehouseId: m.warehouseId, skuCode: m.skuCode },
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // a newer entry already refreshed the cache
    }
  }

  /** Brings every cached level of a seller up to its newest ledger entry; returns how many were stale. */
  async refreshCaches(sellerId: string): Promise<number> {
    const levels = await this.models.StockLevel.find({ sellerId }).lean();
    let stale = 0;
    for (const l of levels) {
      const head = await this.catchUp(l._id, l);
      if (head.seq !== l.seq) {
        stale++;
        await this.writeCache({ sellerId, warehouseId: l.warehouseId, skuCode: l.skuCode } as MovementInput, head);
      }
    }
    return stale;
  }
}
