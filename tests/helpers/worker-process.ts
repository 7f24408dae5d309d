import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts `src/main-worker.ts` as its own OS process on the test hub's store, Redis and queue prefix. */
export function spawnWorker(config: Config, env: Record<string, string> = {}): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main-worker.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      MONGODB_URI: config.MONGODB_URI,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      ADMIN_TOKEN: config.ADMIN_TOKEN,
      CREDENTIALS_KEY: config.CREDENTIALS_KEY,
      ALLOW_PRIVATE_API_BASE_URLS: config.ALLOW_PRIVATE_API_BASE_URLS ? '1' : '0',
      API_BASE_URL_HOSTS: config.API_BASE_URL_HOSTS.join(','),
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '4',
      SYNC_INTERVAL_SECONDS: '5',
      SWEEP_INTERVAL_SECONDS: '5',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (d: Buffer) => child.output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => child.output.push(d.toString()));
  return child;
}

export function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
