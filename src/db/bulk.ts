import type { BulkWriteOptions, BulkWriteResult } from 'mongodb';
import { Semaphore } from './semaphore.js';
import { storeLimits } from './store-limits.js';

/**
 * The one way to send a batch of writes. FerretDB 1.24 never answers again once one `update` command carries
 * as many statements as its backend pool has connections, or concurrent updates exhaust that pool
 * (STORE-NOTES.md); so a batch goes out in commands of at most `updateChunk` statements, and at most
 * `updateConcurrency` such commands run at once in this process (store-limits.ts; scripts/services.sh sizes
 * FerretDB's pool for them). Unordered batches run their chunks side by side within that bound; ordered ones one
 * after another, stopping at the first failure like MongoDB does.
 */
export interface BulkWriteSummary {
  inserted: number;
  matched: number;
  modified: number;
  upserted: number;
  deleted: number;
}

/** Write errors of several chunks in one error, indexes relative to the whole batch (as MongoDB reports them). */
export class ChunkedBulkWriteError extends Error {
  constructor(
    readonly writeErrors: { index: number; code: number | undefined; errmsg: string | undefined }[],
    readonly errors: unknown[],
  ) {
    super(`bulk write failed: ${writeErrors.length} write error(s) in ${errors.length} chunk(s)`, { cause: errors[0] });
    this.name = 'ChunkedBulkWriteError';
  }
}

let writers: { limit: number; sem: Semaphore } | null = null;
function writerSlots(): Semaphore {
  const limit = storeLimits().updateConcurrency;
  if (writers?.limit !== limit) writers = { limit, sem: new Semaphore(limit) };
  return writers.sem;
}

function summarise(results: readonly BulkWriteResult[]): BulkWriteSummary {
  const s: BulkWriteSummary = { inserted: 0, matched: 0, modified: 0, upserted: 0, deleted: 0 };
  for (const r of results) {
    s.inserted += r.insertedCount;
    s.matched += r.matchedCount;
    s.modified += r.modifiedCount;
    s.upserted += r.upsertedCount;
    s.deleted += r.deletedCount;
  }
  return s;
}

interface WriteErrorLike { index?: number; code?: number; errmsg?: string; err?: { code?: number; errmsg?: string } }
function writeErrorsOf(err: unknown): WriteErrorLike[] | null {
  const w = (err as { writeErrors?: WriteErrorLike | WriteErrorLike[] } | null)?.writeErrors;
  if (w === undefined) return null;
  return Array.isArray(w) ? w : [w];
}

/** Rethrows one chunk's error as is; several chunks' write errors as one ChunkedBulkWriteError. */
function combine(failures: readonly { start: number; err: unknown }[]): unknown {
  if (failures.length === 1) return failures[0]!.err;
  const merged: ChunkedBulkWriteError['writeErrors'] = [];
  for (const f of failures) {
    const list = writeErrorsOf(f.err);
    if (!list) return f.err; // not a write error (network, server): that one is the news
    for (const e of list) merged.push({ index: f.start + (e.index ?? 0), code: e.code ?? e.err?.code, errmsg: e.errmsg ?? e.err?.errmsg });
  }
  return new ChunkedBulkWriteError(merged, failures.map((f) => f.err));
}

/** What bulkWriteChunked needs of a model: any mongoose Model fits. */
export interface BulkWritable<Op> {
  bulkWrite(writes: Op[], options: BulkWriteOptions): Promise<BulkWriteResult>;
}

export async function bulkWriteChunked<Op>(
  model: BulkWritable<Op>,
  ops: readonly Op[],
  opts: { ordered?: boolean } = {},
): Promise<BulkWriteSummary> {
  if (ops.length === 0) return summarise([]);
  const { updateChunk } = storeLimits();
  const slots = writerSlots();
  const ordered = opts.ordered ?? true;
  const send = (start: number) => slots.run(() => model.bulkWrite(ops.slice(start, start + updateChunk), { ordered }));
  const starts: number[] = [];
  for (let i = 0; i < ops.length; i += updateChunk) starts.push(i);
  if (ordered) {
    const results: BulkWriteResult[] = [];
    for (const start of starts) results.push(await send(start));
    return summarise(results);
  }
  const settled = await Promise.allSettled(starts.map(send));
  const failures: { start: number; err: unknown }[] = [];
  const results: BulkWriteResult[] = [];
  settled.forEach((s, i) => (s.status === 'fulfilled' ? results.push(s.value) : failures.push({ start: starts[i]!, err: s.reason })));
  if (failures.length > 0) throw combine(failures);
  return summarise(results);
}
