import type { Models } from '../db/models.js';
import { stockLevelId } from '../db/models/stock-level.model.js';
import type { StockMovementDoc } from '../db/models/stock-movement.model.js';
import { applyDelta, type LevelSnapshot } from '../domain/stock.js';
import type { Locks } from '../locks.js';
import { bulkUpdate } from './pipeline/update-gate.js';
import type { MovementInput, MovementOutcome } from './stock-ledger.js';

interface Head extends LevelSnapshot {
  seq: number;
}

/** Indices of an unordered/ordered bulk write that failed on a duplicate key; throws anything else. */
export function duplicateIndexes(err: unknown): number[] {
  const raw = (err as { writeErrors?: unknown } | null)?.writeErrors;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { index?: number; code?: number; err?: { code?: number } }[];
  if (list.length === 0 || !list.every((e) => (e.code ?? e.err?.code) === 11000 && typeof e.index === 'number')) throw err;
  return list.map((e) => e.index!);
}

export interface LedgerParts {
  models: Models;
  locks: Locks;
  now: () => Date;
  /** The one-movement path (waits for its level's lock, catches up, retries): every case the batch does not settle. */
  applyMany: (ms: readonly MovementInput[]) => Promise<MovementOutcome[]>;
}

/**
 * Applies many movements in a handful of round trips: the levels' locks in one, their cached heads in one, the
 * idempotency claims in one unordered insert, the entries in one ORDERED insert, the caches in chunked bulk
 * writes. The guarantees are the one-movement path's, because nothing else is trusted:
 *  - entries are still `${levelId}:${seq}` inserts under the unique `_id` (and unique `key`); the insert is
 *    ordered, so when one entry loses (a stale cache, a lapsed lock, a retried key) nothing after it is written
 *    and no entry can follow one that is not there;
 *  - every movement the batch did not write (busy level, claimed key, lost insert, delta refused against the
 *    cache) goes through the one-movement path afterwards, which re-reads, catches up and decides.
 */
export async function applyBatch(p: LedgerParts, ms: readonly MovementInput[]): Promise<MovementOutcome[]> {
  if (ms.length === 0) return [];
  if (!p.locks.tryLockMany || p.locks.exclusive !== true) return p.applyMany(ms);
  const tryLockMany = p.locks.tryLockMany.bind(p.locks);
  const out: (MovementOutcome | undefined)[] = new Array(ms.length);
  const levelOf = ms.map((m) => stockLevelId(m.sellerId, m.warehouseId, m.skuCode));
  const later = new Set<number>();
  // Rounds: take the free levels' locks, apply their movements, and come back for the busy ones (other batches
  // hold them briefly) until the deadline; whatever is left waits for its lock one movement at a time.
  let waiting = ms.map((_, i) => i);
  // Batches of one process take turns (FIFO) instead of polling Redis for each other's levels.
  await inTurn(async () => {
    const deadline = Date.now() + 25_000;
    for (let pause = 2; waiting.length > 0 && Date.now() < deadline; pause = Math.min(pause * 2, 50)) {
      const locks = await tryLockMany([...new Set(waiting.map((i) => `stock:${levelOf[i]}`))], { ttlMs: 10_000 });
      const mine = waiting.filter((i) => locks.held.has(`stock:${levelOf[i]}`));
      waiting = waiting.filter((i) => !locks.held.has(`stock:${levelOf[i]}`));
      try {
        if (mine.length > 0) await applyRound(p, ms, levelOf, mine, out, later);
      } finally {
        await locks.release();
      }
      if (mine.length > 0) pause = 1;
      else if (waiting.length > 0) await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
    }
  });
  for (const i of waiting) later.add(i);
  const rest = [...later].sort((a, b) => a - b);
  const settled = await p.applyMany(rest.map((i) => ms[i]!));
  rest.forEach((i, k) => (out[i] = settled[k]));
  return out as MovementOutcome[];
}

/** One round over levels this caller holds: heads, claims, the ordered insert, the caches. */
async function applyRound(p: LedgerParts, ms: readonly MovementInput[], levelOf: readonly string[], mine: readonly number[], out: (MovementOutcome | undefined)[], later: Set<number>): Promise<void> {
  const heads = await readHeads(p.models, [...new Set(mine.map((i) => levelOf[i]!))]);
  // Plan with every movement, claim its key, then plan again with the ones whose claim was new.
  let plan = planEntries(p, ms, levelOf, mine, heads);
  for (const i of plan.refused) later.add(i);
  const claims = plan.entries.map(({ i, entry }) => ({ _id: ms[i]!.key, entryId: entry._id }));
  if (claims.length > 0) {
    try {
      await p.models.StockKey.collection.insertMany(claims as never[], { ordered: false });
    } catch (err) {
      const taken = new Set(duplicateIndexes(err).map((k) => plan.entries[k]!.i));
      for (const i of taken) later.add(i);
      // A claimed key may name an entry the replan moved: findByKey heals such a claim from the `key` index.
      plan = planEntries(p, ms, levelOf, mine.filter((i) => !later.has(i)), heads);
      for (const i of plan.refused) later.add(i);
    }
  }
  const entries = plan.entries;
  let written = entries.length;
  if (entries.length > 0) {
    try {
      await p.models.StockMovement.collection.insertMany(entries.map((e) => e.entry) as never[], { ordered: true });
    } catch (err) {
      written = Math.min(...duplicateIndexes(err));
    }
  }
  const newest = new Map<string, { m: MovementInput; head: Head }>();
  entries.forEach(({ i, entry }, k) => {
    if (k >= written) {
      later.add(i);
      return;
    }
    out[i] = { status: 'applied', entry };
    newest.set(entry.levelId, { m: ms[i]!, head: { seq: entry.seq, onHand: entry.onHandAfter, reserved: entry.reservedAfter } });
  });
  await writeCaches(p, newest);
}

let turn: Promise<unknown> = Promise.resolve();
function inTurn<T>(fn: () => Promise<T>): Promise<T> {
  const run = turn.then(fn, fn);
  turn = run.catch(() => undefined);
  return run;
}

async function readHeads(models: Models, levelIds: string[]): Promise<Map<string, Head>> {
  const heads = new Map<string, Head>(levelIds.map((id) => [id, { seq: 0, onHand: 0, reserved: 0 }]));
  if (levelIds.length === 0) return heads;
  const docs = levelIds.length === 1
    ? await models.StockLevel.find({ _id: levelIds[0] }, { seq: 1, onHand: 1, reserved: 1 }).lean()
    : await models.StockLevel.find({ _id: { $in: levelIds } }, { seq: 1, onHand: 1, reserved: 1 }).lean();
  for (const d of docs) heads.set(d._id, { seq: d.seq, onHand: d.onHand, reserved: d.reserved });
  return heads;
}

/** Numbers the movements of each level after its cached head, in input order; a delta the head refuses is left out. */
function planEntries(p: LedgerParts, ms: readonly MovementInput[], levelOf: readonly string[], idx: readonly number[], heads: ReadonlyMap<string, Head>) {
  const running = new Map(heads);
  const entries: { i: number; entry: StockMovementDoc }[] = [];
  const refused: number[] = [];
  const at = p.now();
  for (const i of [...idx].sort((a, b) => levelOf[a]!.localeCompare(levelOf[b]!) || a - b)) {
    const m = ms[i]!;
    const levelId = levelOf[i]!;
    const head = running.get(levelId)!;
    const delta = typeof m.delta === 'function' ? m.delta(head) : m.delta;
    const after = applyDelta(head, delta);
    if (!after) {
      refused.push(i); // perhaps only against a stale cache: the one-movement path catches up and decides
      continue;
    }
    const seq = head.seq + 1;
    entries.push({
      i,
      entry: {
        _id: `${levelId}:${seq}`, levelId, seq, key: m.key, sellerId: m.sellerId, warehouseId: m.warehouseId, skuCode: m.skuCode,
        type: m.type, ...delta, onHandAfter: after.onHand, reservedAfter: after.reserved, reason: m.reason, reference: m.reference, at,
      },
    });
    running.set(levelId, { seq, ...after });
  }
  return { entries, refused };
}

/** Refreshes each level's cache to its newest entry written here (held exclusively: no one else writes it meanwhile). */
async function writeCaches(p: LedgerParts, newest: ReadonlyMap<string, { m: MovementInput; head: Head }>): Promise<void> {
  const at = p.now();
  const ops = [...newest].map(([_id, { m, head }]) => ({
    updateOne: {
      filter: { _id, seq: { $lt: head.seq } },
      update: {
        $set: { seq: head.seq, onHand: head.onHand, reserved: head.reserved, available: head.onHand - head.reserved, updatedAt: at },
        $setOnInsert: { sellerId: m.sellerId, warehouseId: m.warehouseId, skuCode: m.skuCode },
      },
      upsert: true,
    },
  }));
  // A duplicate key is a newer entry that already refreshed that cache.
  await bulkUpdate(p.models.StockLevel, ops as never[], { ordered: false, ignoreDuplicates: duplicateIndexes });
}
