import { existsSync, readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';

/**
 * scripts/services.sh (run by `npm test` before vitest) provisions the store (FerretDB on PostgreSQL by default)
 * and Redis and writes their addresses to .data/services.env. Integration tests read them from process.env.
 * A store that does not answer fails the run at once instead of every test timing out one by one.
 */
export default async function setup(): Promise<void> {
  const file = new URL('../.data/services.env', import.meta.url);
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m && process.env[m[1]!] === undefined) process.env[m[1]!] = m[2]!;
    }
  }
  const uri = process.env.MONGODB_URI;
  if (!uri) return;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, socketTimeoutMS: 10_000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } catch (err) {
    throw new Error(`the store at ${new URL(uri).host} does not answer ping (${(err as Error).message}): run \`bash scripts/services.sh\`, which restarts a FerretDB that stopped answering`);
  } finally {
    await client.close().catch(() => {});
  }
}
