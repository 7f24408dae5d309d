/**
 * FerretDB 1.x hangs for good when the update statements in flight reach its backend pool (each statement of an
 * update command keeps a connection until the command ends, and its write needs another). So bulk updates go
 * in chunks of at most CHUNK statements, and at most GATE statements are in flight per process, whatever the
 * number of concurrent jobs. Local to the pipeline until the store's bulk helper (src/db/bulk.ts) replaces it.
 */
export const CHUNK = 16;
const GATE = 16;
let inFlight = 0;
const waiters: (() => void)[] = [];

async function acquire(n: number): Promise<void> {
  while (inFlight + n > GATE) await new Promise<void>((r) => waiters.push(r));
  inFlight += n;
}

function release(n: number): void {
  inFlight -= n;
  for (const w of waiters.splice(0)) w();
}

/** Runs update statements in chunks of ≤ CHUNK, one chunk at a time, within the process-wide gate. */
export async function bulkUpdate(model: { bulkWrite(ops: never[], opts: { ordered: boolean }): Promise<unknown> }, ops: readonly object[], opts: { ordered: boolean; ignoreDuplicates?: (err: unknown) => void }): Promise<void> {
  for (let i = 0; i < ops.length; i += CHUNK) {
    const chunk = ops.slice(i, i + CHUNK);
    await acquire(chunk.length);
    try {
      await model.bulkWrite(chunk as never[], { ordered: opts.ordered });
    } catch (err) {
      if (!opts.ignoreDuplicates) throw err;
      opts.ignoreDuplicates(err);
    } finally {
      release(chunk.length);
    }
  }
}
