import mongoose, { type Connection } from 'mongoose';

export async function connectStore(uri: string, opts: { monitorCommands?: boolean } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    // Lets the benchmark count store round trips (commandStarted events).
    monitorCommands: opts.monitorCommands ?? false,
    serverSelectionTimeoutMS: 5_000,
    // FerretDB 1.x has no retryable writes support guarantees; our writes are idempotent by design instead.
    retryWrites: false,
    autoIndex: false,
    autoCreate: true,
  });
  await conn.asPromise();
  return conn;
}
