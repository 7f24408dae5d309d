import mongoose, { type Connection } from 'mongoose';
import { storeLimits } from './store-limits.js';

export async function connectStore(uri: string, opts: { monitorCommands?: boolean; failFast?: boolean } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    // Lets the benchmark count store round trips (commandStarted events).
    monitorCommands: opts.monitorCommands ?? false,
    // failFast (the API): a call while the store is down fails within 1.5 s (503) instead of queueing.
    serverSelectionTimeoutMS: opts.failFast ? 1_500 : 5_000,
    ...(opts.failFast ? { bufferCommands: false } : {}),
    // FerretDB 1.x has no retryable writes support guarantees; our writes are idempotent by design instead.
    retryWrites: false,
    autoIndex: false,
    autoCreate: true,
    // Bounds the commands this process has in flight, which FerretDB's backend pool is sized for (store-limits.ts).
    // A maxPoolSize in the URI wins.
    ...(/[?&]maxPoolSize=/i.test(uri) ? {} : { maxPoolSize: storeLimits().driverMaxPool }),
  });
  await conn.asPromise();
  return conn;
}
