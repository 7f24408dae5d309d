import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A free loopback port (asked of the OS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** Resolves once something accepts TCP connections on the port. */
async function untilListening(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); }).on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A dependency run as a child process on a fixed port, which a test can kill and start again (same port, same data). */
export interface PrivateService {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SIGKILL (an outage), resolved when the process is gone. */
  kill(): Promise<void>;
  /** Kills it and removes its data. */
  dispose(): Promise<void>;
}

function service(port: number, url: string, dir: string, command: () => [string, string[]]): PrivateService {
  let child: ChildProcess | undefined;
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };
  return {
    port, url,
    async start() {
      const [bin, args] = command();
      child = spawn(bin, args, { stdio: 'ignore' });
      await untilListening(port);
    },
    kill,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private redis-server on a spare loopback port (no persistence). */
export async function privateRedis(): Promise<PrivateService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oms-redis-'));
  return service(port, `redis://127.0.0.1:${port}`, dir, () => ['redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir]]);
}

const ferretBin = fileURLToPath(new URL('../../.cache/ferretdb-v1.24.2/ferretdb', import.meta.url));

/** A private FerretDB (SQLite handler, as scripts/services.sh runs it) on a spare loopback port; its data survives restarts. */
export async function privateFerret(db = 'oms'): Promise<PrivateService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oms-ferret-'));
  return service(port, `mongodb://127.0.0.1:${port}/${db}`, dir, () => [process.env.FERRETDB_BIN ?? ferretBin, [
    '--handler=sqlite', `--sqlite-url=file:${dir}/`, `--listen-addr=127.0.0.1:${port}`, `--state-dir=${dir}`,
    '--debug-addr=-', '--telemetry=disable', '--log-level=error',
  ]]);
}
