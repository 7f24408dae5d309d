import { bulkWriteChunked, type BulkWritable } from '../../db/bulk.js';
import { storeLimits } from '../../db/store-limits.js';

/**
 * Bulk updates of the pipeline, sent through the store's one bulk writer (src/db/bulk.ts): commands of at most
 * `updateChunk` statements and at most `updateConcurrency` of them at once per process, the bounds FerretDB's
 * pool is sized for (FerretDB 1.x hangs for good when update statements in flight exhaust its pool).
 * `ignoreDuplicates` sees each chunk's failure and lets the remaining chunks go on.
 */
export async function bulkUpdate(model: unknown, ops: readonly object[], opts: { ordered: boolean; ignoreDuplicates?: (err: unknown) => void }): Promise<void> {
  const writable = model as BulkWritable<object>;
  const chunk = storeLimits().updateChunk;
  for (let i = 0; i < ops.length; i += chunk) {
    try {
      await bulkWriteChunked(writable, ops.slice(i, i + chunk), { ordered: opts.ordered });
    } catch (err) {
      if (!opts.ignoreDuplicates) throw err;
      opts.ignoreDuplicates(err);
    }
  }
}
