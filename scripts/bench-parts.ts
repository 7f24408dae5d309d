/** Pieces of `npm run bench`: preloading history, counting Redis commands, latency percentiles, worker processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Ctx } from '../src/context.js';

/**
 * Raw bulk inserts of order documents as a seller's history (shipped, some held or allocated), so that the
 * store holds `target` orders of the seller; each has a platform order number, phones and a tracking number.
 */
export async function preloadOrders(ctx: Ctx, sellerId: string, template: Record<string, unknown>, target: number): Promise<number> {
  const have = await ctx.models.Order.estimatedDocumentCount();
  const at = new Date();
  for (let i = have; i < target; i += 1000) {
    const docs = Array.from({ length: Math.min(1000, target - i) }, (_, k) => {
      const n = i + k;
      const hubStatus = n % 10 === 0 ? 'on_hold' : n % 10 === 1 ? 'allocated' : 'shipped';
      return {
        ...template, _id: `hist_${n}`, shopId: 'shop_history', platformOrderId: `H-${n}`, hubStatus,
        buyer: { name: `History ${n}`, phone: `1390${String(n).padStart(7, '0')}` },
        address: { ...(template.address as object), name: `History ${n}`, phone: `1390${String(n).padStart(7, '0')}`, line1: `${n} History Road` },
        holds: hubStatus === 'on_hold' ? [{ code: 'OUT_OF_STOCK', message: 'history' }] : [],
        shipments: hubStatus === 'shipped' ? [{ trackingNumber: `SFH${n}`, courierCode: 'SF' }] : [],
        reservations: [], stockKeys: [], timeline: [], createdAt: at, updatedAt: new Date(at.getTime() - n),
      };
    });
    await ctx.models.Order.collection.insertMany(docs as never[], { ordered: false });
  }
  return ctx.models.Order.estimatedDocumentCount();
}

/** Counts the Redis commands that name keys under `prefix` (every command of this run does), via MONITOR. */
export async function redisCounter(url: string, prefix: string) {
  const mon = await new Redis(url).monitor();
  let all = 0;
  let locks = 0;
  mon.on('monitor', (_time: string, args: string[]) => {
    if (!args.some((a) => typeof a === 'string' && a.includes(prefix))) return;
    all++;
    if (args.some((a) => typeof a === 'string' && a.includes(`${prefix}:lock:`))) locks++;
  });
  return { read: () => ({ all, locks }), close: () => mon.disconnect() };
}

export const p95 = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? 0).toFixed(1));
};

/** Starts `src/main-worker.ts` as its own OS process on the bench's store, Redis and queue prefix. */
export function spawnWorker(config: Config): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main-worker.ts'], {
    cwd: new URL('../', import.meta.url).pathname,
    env: {
      PATH: process.env.PATH ?? '', MONGODB_URI: config.MONGODB_URI, REDIS_URL: config.REDIS_URL, QUEUE_PREFIX: config.QUEUE_PREFIX,
      ADMIN_TOKEN: config.ADMIN_TOKEN, CREDENTIALS_KEY: config.CREDENTIALS_KEY, LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '8',
      SYNC_INTERVAL_SECONDS: '3600', SWEEP_INTERVAL_SECONDS: '3600', STOCK_PUSH_COALESCE_MS: '1000',
      ALLOW_PRIVATE_API_BASE_URLS: '1', // the bench's sandbox storefront listens on loopback
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Store commands seen by a driver client: a running count and total milliseconds per command and collection. */
export function watchStoreCommands(client: { on(event: string, listener: (e: never) => void): unknown }): { byCommand: Map<string, { n: number; ms: number }>; count: () => number } {
  const byCommand = new Map<string, { n: number; ms: number }>();
  const started = new Map<number, string>();
  let commands = 0;
  client.on('commandStarted', (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => {
    commands++;
    const coll = e.command[e.commandName];
    started.set(e.requestId, `${e.commandName} ${typeof coll === 'string' ? coll : ''}`.trim());
  });
  const done = (e: { requestId: number; duration: number }) => {
    const k = started.get(e.requestId);
    if (!k) return;
    started.delete(e.requestId);
    const s = byCommand.get(k) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += e.duration;
    byCommand.set(k, s);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return { byCommand, count: () => commands };
}
