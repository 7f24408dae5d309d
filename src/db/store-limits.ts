/**
 * How hard one hub process may press the store. FerretDB 1.24 hangs for good when update commands exhaust its
 * backend pool: an `update` of k statements keeps k pool connections until it ends and needs one more to write
 * (STORE-NOTES.md). So every batch of writes goes through src/db/bulk.ts: commands of at most `updateChunk`
 * statements, at most `updateConcurrency` of them at once per process; any other command in flight (at most
 * `driverMaxPool`, the driver's pool) needs at most 2 connections. scripts/services.sh sizes FerretDB's pool
 * (`pool_max_conns`) for `maxProcesses` processes from the same variables and defaults: keep them in step.
 * On MongoDB (MONGODB_URI) the same bounds only cost a few extra round trips.
 */
export interface StoreLimits {
  updateChunk: number;
  updateConcurrency: number;
  driverMaxPool: number;
  maxProcesses: number;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

export function storeLimits(): StoreLimits {
  const updateConcurrency = positiveInt('HUB_STORE_UPDATE_CONCURRENCY', 2);
  return {
    updateChunk: positiveInt('HUB_STORE_UPDATE_CHUNK', 20),
    updateConcurrency,
    // At least one connection beyond the bulk writers, so single reads still get through while they run.
    driverMaxPool: Math.max(positiveInt('HUB_STORE_MAX_POOL', 8), updateConcurrency + 1),
    maxProcesses: positiveInt('HUB_STORE_MAX_PROCESSES', 4),
  };
}

/** Backend connections one process can hold at worst: what FerretDB's pool must cover per process. */
export function backendConnectionsPerProcess(l: StoreLimits): number {
  return l.updateConcurrency * (l.updateChunk + 1) + (l.driverMaxPool - l.updateConcurrency) * 2;
}
