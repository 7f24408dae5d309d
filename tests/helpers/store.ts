import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectStore } from '../../src/db/connection.js';
import { createModels, syncIndexes, type Models } from '../../src/db/models.js';

export function requireEnv(name: 'MONGODB_URI' | 'REDIS_URL'): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through \`npm test\` (scripts/services.sh provisions it)`);
  return v;
}

/** The MONGODB_URI with its database replaced by a fresh random one. */
export function randomDbUri(): string {
  const url = new URL(requireEnv('MONGODB_URI'));
  url.pathname = `/t_${randomBytes(5).toString('hex')}`;
  return url.toString();
}

export interface TestStore {
  uri: string;
  conn: Connection;
  models: Models;
  close(): Promise<void>;
}

/** A real store connection on a random database, dropped on close. */
export async function openTestStore(): Promise<TestStore> {
  const uri = randomDbUri();
  const conn = await connectStore(uri);
  const models = createModels(conn);
  await syncIndexes(models);
  return {
    uri,
    conn,
    models,
    async close() {
      await conn.dropDatabase().catch(() => {});
      await conn.close();
    },
  };
}
