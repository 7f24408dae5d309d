import mongoose, { type Connection } from 'mongoose';

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
  });
  await conn.asPromise();
  return conn;
}
