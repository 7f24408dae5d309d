import type { CommandStartedEvent } from 'mongodb';
import { type Connection, Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkWriteChunked } from '../../src/db/bulk.js';
import { Semaphore } from '../../src/db/semaphore.js';
import { storeLimits } from '../../src/db/store-limits.js';
import { isOnlyDuplicateKeyErrors } from '../../src/errors.js';
import { connectStore } from '../../src/db/connection.js';
import { randomDbUri } from '../helpers/store.js';

interface Item { _id: string; n: number; tag?: string }

let conn: Connection;
const commands: { name: string; statements: number }[] = [];
const onCommand = (e: CommandStartedEvent) => {
  const body = e.command as { updates?: unknown[]; insert?: unknown; documents?: unknown[] };
  if (e.commandName === 'update') commands.push({ name: 'update', statements: body.updates?.length ?? 0 });
  if (e.commandName === 'insert') commands.push({ name: 'insert', statements: body.documents?.length ?? 0 });
};
const model = () => conn.model<Item>('Item', new Schema<Item>({ _id: String, n: Number, tag: String }, { versionKey: false }), 'items');

beforeAll(async () => {
  conn = await connectStore(randomDbUri(), { monitorCommands: true });
  conn.getClient().on('commandStarted', onCommand);
});
afterAll(async () => {
  await conn.dropDatabase().catch(() => {});
  await conn.close();
});

describe('bulkWriteChunked', () => {
  it('sends no command with more statements than the bound, and every write lands', async () => {
    const Item = model();
    const bound = storeLimits().updateChunk;
    await Item.insertMany(Array.from({ length: 95 }, (_, i) => ({ _id: `i${i}`, n: 0 })));
    commands.length = 0;
    const ops = Array.from({ length: 95 }, (_, i) => ({ updateOne: { filter: { _id: `i${i}` }, update: { $set: { n: i + 1 } } } }));
    const sum = await bulkWriteChunked(Item, ops, { ordered: false });
    expect(sum).toMatchObject({ matched: 95, modified: 95 });
    const updates = commands.filter((c) => c.name === 'update');
    expect(updates.reduce((a, c) => a + c.statements, 0)).toBe(95);
    expect(Math.max(...updates.map((c) => c.statements))).toBeLessThanOrEqual(bound);
    const docs = await Item.find({}, { n: 1 }).lean();
    expect(docs.filter((d) => d._id.startsWith('i')).every((d) => d.n === Number(d._id.slice(1)) + 1)).toBe(true);
  });

  it('reports duplicate keys from several chunks as one error with batch-wide indexes', async () => {
    const Item = model();
    const bound = storeLimits().updateChunk;
    // Two duplicates, in the first and in the last chunk; the rest are new and must still land (unordered).
    const ids = Array.from({ length: bound * 2 + 5 }, (_, i) => `d${i}`);
    await Item.insertMany([{ _id: ids[1]!, n: 0 }, { _id: ids.at(-1)!, n: 0 }]);
    const err = await bulkWriteChunked(Item, ids.map((_id) => ({ insertOne: { document: { _id, n: 1 } } })), { ordered: false }).catch((e: unknown) => e);
    expect(isOnlyDuplicateKeyErrors(err)).toBe(true);
    const indexes = (err as { writeErrors: { index: number }[] }).writeErrors.map((w) => w.index).sort((a, b) => a - b);
    expect(indexes).toEqual([1, ids.length - 1]);
    expect(await Item.countDocuments({ _id: { $in: ids } })).toBe(ids.length);
  });

  it('stops an ordered batch at its first failing chunk', async () => {
    const Item = model();
    const bound = storeLimits().updateChunk;
    const ids = Array.from({ length: bound * 3 }, (_, i) => `o${i}`);
    await Item.insertMany([{ _id: ids[bound + 1]!, n: 0 }]);
    await expect(bulkWriteChunked(Item, ids.map((_id) => ({ insertOne: { document: { _id, n: 1 } } })))).rejects.toMatchObject({ code: 11000 });
    expect(await Item.countDocuments({ _id: { $in: ids } })).toBe(bound + 2); // the first chunk, its second up to the duplicate
  });
});

describe('Semaphore', () => {
  it('never lets more than its limit run at once, and runs everything', async () => {
    const sem = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => sem.run(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      done.push(i);
    })));
    expect(peak).toBe(2);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });
});
