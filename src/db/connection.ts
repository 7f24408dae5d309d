import mongoose, { type Connection } from 'mongoose';
import { storeLimits } from './store-limits.js';

export async function connectStore(uri: string, opts: { monitorCommands?: boolean } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    // Lets the benchmark count store round trips (commandStarted events).
    monitorCommands: opts.monitorCommands ?? false,
    serverSelectionTimeoutMS: 5_000,
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
